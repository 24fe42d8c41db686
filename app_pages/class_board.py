"""The class board: a teacher opens a class, students join with its code, every run they
finish appears here, live, for the projector."""
from nn_ui.runs import class_board_ui as class_board
from nn_ui.common import widgets_ui as widgets

widgets.header("Class board", "What the class found: each finished run of every student who "
               "joined, its final cost **J** and test accuracy against the learning rate "
               "**α**, one colour a data set, one marker an activation; the best run of each data "
               "set ringed (runs on different data are not compared).")
class_board.show()
