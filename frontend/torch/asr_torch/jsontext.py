"""JSON text with a 2-space indent where short flat objects and lists of
scalars stay on one line (the layout of every spec the project writes: the importer and
examples/make_specs.py)."""
import json


def to_text(value, indent=0):
    pad, inner = "  " * indent, "  " * (indent + 1)
    if isinstance(value, dict):
        flat = all(not isinstance(v, dict) and not (
            isinstance(v, list) and any(isinstance(x, (dict, list)) for x in v))
            for v in value.values())
        one_line = json.dumps(value)
        if flat and len(pad) + len(one_line) <= 100:
            return one_line
        items = ["%s%s: %s" % (inner, json.dumps(k), to_text(v, indent + 1))
                 for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list):
        if all(not isinstance(x, (dict, list)) for x in value):
            return json.dumps(value)
        items = [inner + to_text(x, indent + 1) for x in value]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return json.dumps(value)
