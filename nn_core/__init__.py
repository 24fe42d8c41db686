"""The network of the lesson in pure NumPy: one module a stage.

Column convention: X (n_x, m), W[l] (n_l, n_{l-1}), b[l] (n_l, 1), A[l] and Z[l] (n_l, m).
Imports nothing but NumPy and the standard library; knows nothing of pages, files or images.
"""
from nn_core.activations import ACTIVATIONS, Activation, get_activation
from nn_core.batch import BatchTrainer
from nn_core.backward import activation_backward, linear_backward, model_backward
from nn_core.cost import compute_cost, compute_cost_from_Z
from nn_core.features import FEATURES, feature_map
from nn_core.forward import activation_forward, linear_forward, model_forward
from nn_core.gradcheck import gradient_check, relative_error
from nn_core.initialization import INIT_METHODS, initialize_parameters, layer_dims_of
from nn_core.minibatch import MiniBatches
from nn_core.networks import Network, Networks
from nn_core.train import Trainer, accuracy, predict, predict_proba, train_plain
from nn_core.units import unit_activations, unit_maps, unit_marks
from nn_core.update import update_parameters

__all__ = [
    "ACTIVATIONS", "Activation", "get_activation",
    "BatchTrainer",
    "activation_backward", "linear_backward", "model_backward",
    "compute_cost", "compute_cost_from_Z",
    "FEATURES", "feature_map",
    "activation_forward", "linear_forward", "model_forward",
    "gradient_check", "relative_error",
    "INIT_METHODS", "initialize_parameters", "layer_dims_of",
    "MiniBatches",
    "Network", "Networks",
    "Trainer", "accuracy", "predict", "predict_proba", "train_plain",
    "unit_activations", "unit_maps", "unit_marks",
    "update_parameters",
]
