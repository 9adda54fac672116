"""Errors of the importer: each names what failed and where in the user's code."""
import os
import traceback

import torch

_TORCH_DIR = os.path.dirname(os.path.abspath(torch.__file__))
_PKG_DIR = os.path.dirname(os.path.abspath(__file__))


class ImportFailure(Exception):
    """An error the importer reports to the user (exit status 1).

    `where` is "file:line" of the user's code when known, `node` the fx node's
    name, `target` the op or module it calls."""

    def __init__(self, message, where=None, node=None, target=None, code=None):
        Exception.__init__(self, message)
        self.message = message
        self.where = where
        self.node = node
        self.target = target
        self.code = code

    def format(self):
        head = ""
        if self.where:
            head = self.where + ": "
        what = ""
        if self.node is not None:
            what = "node '%s'" % self.node
            if self.target:
                what += " (%s)" % self.target
            what += ": "
        text = head + "error: " + what + self.message
        if self.code:
            text += "\n    " + self.code.strip()
        return text


class Unmappable(Exception):
    """Raised by an op handler: the op (with these arguments) has no spec
    mapping; the converter adds the node, target and source line."""


def is_internal(filename):
    f = os.path.abspath(filename)
    return f.startswith(_TORCH_DIR + os.sep) or f.startswith(_PKG_DIR + os.sep)


def user_frame_of_stack(frame):
    """(filename, lineno, function, code line) of the innermost frame outside
    torch and this package, walking out from `frame`; None if there is none."""
    while frame is not None:
        if not is_internal(frame.f_code.co_filename):
            summary = traceback.extract_stack(frame, limit=1)[-1]
            return (summary.filename, summary.lineno, summary.name, summary.line or "")
        frame = frame.f_back
    return None


def user_frame_of_traceback(tb):
    """The innermost user frame of an exception's traceback (see above)."""
    found = None
    for fs in traceback.extract_tb(tb):
        if not is_internal(fs.filename):
            found = (fs.filename, fs.lineno, fs.name, fs.line or "")
    return found


def where_of(frame_info):
    """"file:line", the file relative to the current directory when inside it."""
    if not frame_info:
        return None
    path = frame_info[0]
    if not path.startswith("<"):
        rel = os.path.relpath(path)
        path = path if rel.startswith("..") else rel
    return "%s:%d" % (path, frame_info[1])
