//===- ModelSpec.cpp - JSON model spec -> asr IR --------------------------===//
//
// The importer is generic over the op table (OpTable.cpp): a node names an
// op, its inputs (node results, entry-point inputs or "@weight" names) and
// its weights (by role, or a PyTorch-style prefix), and its attributes. Each
// node becomes one op, typed by the op's own shape rules
// (InferShapeOpInterface) so that a shape error is reported by the rule that
// failed, at the node's JSON path.
//
//===----------------------------------------------------------------------===//
#include "frontend/ModelSpec.h"
#include "frontend/Decoding.h"
#include "frontend/OpTable.h"
#include "frontend/Safetensors.h"

#include "dialect/ASROps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <unordered_map>

using namespace mlir;
using json = nlohmann::ordered_json;

namespace asr {
namespace {

/// The largest weight a node may use, in bytes and per dim (see weight()).
constexpr uint64_t kMaxWeightBytes = 0x7fffffff;

/// A weight as declared by the spec and/or found in the file.
struct WeightInfo {
  DType dtype;
  std::vector<int64_t> shape;
};

std::string jsonTypeName(const json &j) {
  switch (j.type()) {
  case json::value_t::null: return "null";
  case json::value_t::object: return "an object";
  case json::value_t::array: return "an array";
  case json::value_t::string: return "a string";
  case json::value_t::boolean: return "a boolean";
  case json::value_t::number_integer:
  case json::value_t::number_unsigned: return "an integer";
  case json::value_t::number_float: return "a number";
  default: return "a value";
  }
}

std::string shapeString(const std::vector<int64_t> &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

/// Builds an ordered_json DOM in linear time. nlohmann's own DOM parser
/// inserts each object key with ordered_map's linear search, which makes a
/// spec's `weights.tensors` (thousands of keys in a deep model) quadratic to
/// parse. Here each open object keeps a hash index of its keys. A repeated
/// key keeps its first position and takes the last value, as nlohmann's
/// parser does; syntax errors are rethrown as nlohmann's parse_error.
class SpecDomBuilder final : public nlohmann::json_sax<json> {
public:
  explicit SpecDomBuilder(json &root) : root(root) {}

  bool null() override { return value(nullptr); }
  bool boolean(bool v) override { return value(v); }
  bool number_integer(number_integer_t v) override { return value(v); }
  bool number_unsigned(number_unsigned_t v) override { return value(v); }
  bool number_float(number_float_t v, const string_t &) override { return value(v); }
  bool string(string_t &v) override { return value(std::move(v)); }
  bool binary(binary_t &v) override { return value(json::binary(std::move(v))); }
  bool start_object(std::size_t) override {
    json *o = place(json::object());
    stack.push_back(o);
    keys.emplace_back();
    return true;
  }
  bool key(string_t &k) override {
    auto &items = static_cast<json::object_t::Container &>(*stack.back()->get_ptr<json::object_t *>());
    auto [it, inserted] = keys.back().try_emplace(k, items.size());
    if (inserted)
      items.emplace_back(k, nullptr);
    slot = &items[it->second].second;
    return true;
  }
  bool end_object() override {
    stack.pop_back();
    keys.pop_back();
    return true;
  }
  bool start_array(std::size_t) override {
    stack.push_back(place(json::array()));
    keys.emplace_back(); // unused: keeps `keys` parallel to `stack`
    return true;
  }
  bool end_array() override { return end_object(); }
  bool parse_error(std::size_t, const std::string &,
                   const nlohmann::detail::exception &ex) override {
    if (auto *pe = dynamic_cast<const json::parse_error *>(&ex))
      throw *pe;
    throw json::parse_error::create(101, 0, ex.what(), nullptr);
  }

private:
  template <typename T> bool value(T &&v) {
    place(json(std::forward<T>(v)));
    return true;
  }
  /// Puts `v` where the next value goes; returns it.
  json *place(json &&v) {
    if (stack.empty()) {
      root = std::move(v);
      return &root;
    }
    json &top = *stack.back();
    if (top.is_array()) {
      top.get_ptr<json::array_t *>()->push_back(std::move(v));
      return &top.get_ptr<json::array_t *>()->back();
    }
    *slot = std::move(v);
    return slot;
  }

  json &root;
  std::vector<json *> stack;
  std::vector<std::unordered_map<std::string, size_t>> keys;
  json *slot = nullptr; ///< the value of the object key just read
};

class Importer {
public:
  Importer(MLIRContext &ctx, const ModelSpecOptions &options)
      : ctx(ctx), builder(&ctx), options(options) {}

  OwningOpRef<ModuleOp> run(StringRef text);

private:
  // --- diagnostics -------------------------------------------------------
  Location loc(const std::string &path) {
    return NameLoc::get(StringAttr::get(&ctx, path));
  }
  /// The location of a node's op: its JSON path, with the node's name inside.
  Location nodeLoc(const std::string &path, const std::string &name) {
    return NameLoc::get(StringAttr::get(&ctx, path), NameLoc::get(StringAttr::get(&ctx, name)));
  }
  InFlightDiagnostic error(const std::string &path) { return mlir::emitError(loc(path)); }

  // --- JSON shape checks ---------------------------------------------------
  LogicalResult expectObject(const json &j, const std::string &path,
                             std::initializer_list<const char *> allowed,
                             std::initializer_list<const char *> required = {});
  LogicalResult expectString(const json &j, const std::string &path, std::string &out);

  // --- weights -------------------------------------------------------------
  LogicalResult loadWeights(const json &spec);
  FailureOr<Value> weight(const std::string &name, const std::string &path);

  // --- entry points --------------------------------------------------------
  LogicalResult importEntryPoint(const json &ep, const std::string &path, ModuleOp module,
                                 llvm::StringSet<> &entryNames);
  FailureOr<Type> parseInputType(const json &input, const std::string &path,
                                 SmallVectorImpl<Attribute> &dims);
  FailureOr<Value> resolve(const json &ref, const std::string &path);
  LogicalResult importNode(const json &node, const std::string &path);
  LogicalResult importConstant(const json &node, const std::string &path,
                               const std::string &name);
  FailureOr<Attribute> parseAttr(const AttrSpec &spec, const json &value,
                                 const std::string &path);
  LogicalResult orderNodes(const json &nodes, const std::string &path,
                           std::vector<size_t> &order);

  MLIRContext &ctx;
  OpBuilder builder;
  ModelSpecOptions options;

  std::string weightsFile;
  std::map<std::string, WeightInfo> weights; // what the spec may reference
  bool haveFile = false;

  // Per entry point.
  std::map<std::string, Value> inputs;
  std::map<std::string, Operation *> nodeResults;
  std::map<std::string, Value> weightValues;
  Block *entryBlock = nullptr;
  Operation *lastWeight = nullptr; ///< the entry point's last asr.weight, if any
};

LogicalResult Importer::expectObject(const json &j, const std::string &path,
                                     std::initializer_list<const char *> allowed,
                                     std::initializer_list<const char *> required) {
  if (!j.is_object())
    return error(path) << "expected an object, got " << jsonTypeName(j);
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool ok = false;
    for (const char *a : allowed)
      ok |= it.key() == a;
    if (!ok) {
      std::string list;
      for (const char *a : allowed)
        list += std::string(list.empty() ? "" : ", ") + a;
      return error(path + "." + it.key()) << "unknown field '" << it.key()
                                          << "' (expected one of: " << list << ")";
    }
  }
  for (const char *r : required)
    if (!j.contains(r))
      return error(path) << "missing required field '" << r << "'";
  return success();
}

LogicalResult Importer::expectString(const json &j, const std::string &path, std::string &out) {
  if (!j.is_string())
    return error(path) << "expected a string, got " << jsonTypeName(j);
  out = j.get<std::string>();
  return success();
}

//===----------------------------------------------------------------------===//
// Weights
//===----------------------------------------------------------------------===//

LogicalResult Importer::loadWeights(const json &spec) {
  std::string declaredFile;
  const json *tensors = nullptr;
  if (spec.contains("weights")) {
    const json &w = spec["weights"];
    if (failed(expectObject(w, "weights", {"file", "tensors"})))
      return failure();
    if (w.contains("file") && failed(expectString(w["file"], "weights.file", declaredFile)))
      return failure();
    if (w.contains("tensors")) {
      tensors = &w["tensors"];
      if (!tensors->is_object())
        return error("weights.tensors") << "expected an object mapping weight names to "
                                           "{\"dtype\", \"shape\"}, got " << jsonTypeName(*tensors);
    }
  }

  // Declared weights.
  if (tensors) {
    for (auto it = tensors->begin(); it != tensors->end(); ++it) {
      std::string path = "weights.tensors." + it.key();
      if (failed(expectObject(it.value(), path, {"dtype", "shape"}, {"dtype", "shape"})))
        return failure();
      std::string dtypeName;
      if (failed(expectString(it.value()["dtype"], path + ".dtype", dtypeName)))
        return failure();
      WeightInfo info;
      if (!parseDTypeName(dtypeName, info.dtype))
        return error(path + ".dtype") << "unknown dtype '" << dtypeName
                                      << "' (expected F32, F16, BF16, I32, I64, ...)";
      const json &shape = it.value()["shape"];
      if (!shape.is_array())
        return error(path + ".shape") << "expected an array of sizes, got " << jsonTypeName(shape);
      for (size_t i = 0; i < shape.size(); ++i) {
        if (!shape[i].is_number_integer() || shape[i].get<int64_t>() < 0)
          return error(path + ".shape[" + std::to_string(i) + "]")
                 << "expected a size >= 0, got " << shape[i].dump();
        info.shape.push_back(shape[i].get<int64_t>());
      }
      weights[it.key()] = info;
    }
  }

  // The file: explicit (must exist) or the spec's (may be absent if declared).
  bool explicitFile = !options.weightsPath.empty();
  if (explicitFile) {
    weightsFile = options.weightsPath;
  } else if (!declaredFile.empty()) {
    SmallString<256> p(declaredFile);
    if (!llvm::sys::path::is_absolute(p)) {
      p = llvm::sys::path::parent_path(options.specPath);
      llvm::sys::path::append(p, declaredFile);
    }
    weightsFile = std::string(p);
  }
  if (weightsFile.empty()) {
    if (!tensors)
      return error("weights") << "no weights: give \"weights\": {\"file\": ...} in the spec, "
                                 "--weights, or declare \"weights.tensors\"";
    return success();
  }
  if (!explicitFile && tensors && !llvm::sys::fs::exists(weightsFile))
    return success(); // IR only: the declared shapes suffice.

  SafetensorsHeader header;
  std::string err;
  if (!readSafetensorsHeader(weightsFile, header, err))
    return error(explicitFile ? "--weights" : "weights.file")
           << "cannot read weights file '" << weightsFile << "': " << err;
  haveFile = true;
  std::map<std::string, WeightInfo> fromFile;
  for (const TensorInfo &t : header.tensors)
    fromFile[t.name] = WeightInfo{t.dtype, t.shape};
  // Declared weights must match the file.
  for (auto &[name, decl] : weights) {
    auto it = fromFile.find(name);
    std::string path = "weights.tensors." + name;
    if (it == fromFile.end())
      return error(path) << "weight '" << name << "' is declared by the spec but missing from '"
                         << weightsFile << "'";
    if (it->second.dtype != decl.dtype || it->second.shape != decl.shape)
      return error(path) << "weight '" << name << "': the spec declares "
                         << dtypeName(decl.dtype) << " " << shapeString(decl.shape)
                         << ", but '" << weightsFile << "' has " << dtypeName(it->second.dtype)
                         << " " << shapeString(it->second.shape);
  }
  weights = std::move(fromFile);
  return success();
}

static FailureOr<Type> elementTypeFor(MLIRContext &ctx, DType dtype) {
  switch (dtype) {
  case DType::F32: return Type(Float32Type::get(&ctx));
  case DType::F16: return Type(Float16Type::get(&ctx));
  case DType::BF16: return Type(BFloat16Type::get(&ctx));
  case DType::I32: return Type(IntegerType::get(&ctx, 32));
  case DType::I64: return Type(IntegerType::get(&ctx, 64));
  default: return failure();
  }
}

FailureOr<Value> Importer::weight(const std::string &name, const std::string &path) {
  auto cached = weightValues.find(name);
  if (cached != weightValues.end())
    return cached->second;
  auto it = weights.find(name);
  if (it == weights.end()) {
    auto diag = error(path) << "weight '" << name << "' not found in "
                            << (haveFile ? "'" + weightsFile + "'" : std::string("weights.tensors"));
    // Suggest names that share the prefix, the usual cause being a typo.
    std::string prefix = name.substr(0, name.rfind('.') == std::string::npos ? 0 : name.rfind('.'));
    int shown = 0;
    for (auto &[other, info] : weights)
      if (!prefix.empty() && StringRef(other).starts_with(prefix) && shown++ < 4)
        diag.attachNote() << "available under the same prefix: '" << other << "'";
    return failure();
  }
  FailureOr<Type> elt = elementTypeFor(ctx, it->second.dtype);
  if (failed(elt))
    return error(path) << "weight '" << name << "' has dtype " << dtypeName(it->second.dtype)
                       << ": expected F32, F16, BF16, I32 or I64";
  // The kernels take every tensor as a Halide buffer: 32-bit extents and at
  // most 2^31 - 1 bytes (the runtime's ASRC_RT_MAX_TENSOR_BYTES). A weights
  // file as a whole may be larger; one weight a node uses may not.
  uint64_t bytes = dtypeSize(it->second.dtype); // saturates at UINT64_MAX
  int64_t largestDim = 0;
  for (int64_t d : it->second.shape) {
    largestDim = std::max(largestDim, d);
    bytes = d == 0 ? 0
            : bytes > UINT64_MAX / uint64_t(d) ? UINT64_MAX
                                                : bytes * uint64_t(d);
  }
  if (bytes > kMaxWeightBytes || uint64_t(largestDim) > kMaxWeightBytes) {
    auto diag = error(path) << "weight '" << name << "' (" << dtypeName(it->second.dtype) << " "
                            << shapeString(it->second.shape) << ") is too large for asrc's kernels: ";
    if (bytes > kMaxWeightBytes)
      diag << (bytes == UINT64_MAX ? std::string("over 2^64") : std::to_string(bytes))
           << " bytes, over the limit of " << kMaxWeightBytes << " (2 GiB - 1) per tensor";
    else
      diag << "a dim of " << largestDim << ", over the limit of " << kMaxWeightBytes;
    return diag << " (32-bit Halide buffers); the weights file as a whole may be larger";
  }
  OpBuilder::InsertionGuard guard(builder);
  // Keep weights in first-use order at the top of the function: after the
  // last one made (remembered, not searched for: a search per weight is
  // quadratic in a deep model).
  if (lastWeight)
    builder.setInsertionPointAfter(lastWeight);
  else
    builder.setInsertionPointToStart(entryBlock);
  auto type = RankedTensorType::get(it->second.shape, *elt);
  auto op = builder.create<mlir::asr::WeightOp>(loc(path), type, name);
  lastWeight = op;
  Value v = op;
  weightValues[name] = v;
  return v;
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

FailureOr<Type> Importer::parseInputType(const json &input, const std::string &path,
                                         SmallVectorImpl<Attribute> &dims) {
  std::string dtype;
  if (failed(expectString(input["dtype"], path + ".dtype", dtype)))
    return failure();
  Type elt;
  if (dtype == "f32") elt = builder.getF32Type();
  else if (dtype == "f16") elt = builder.getF16Type();
  else if (dtype == "bf16") elt = builder.getBF16Type();
  else if (dtype == "i32") elt = builder.getI32Type();
  else if (dtype == "i64") elt = builder.getI64Type();
  else
    return error(path + ".dtype") << "unknown dtype '" << dtype
                                  << "' (expected f32, f16, bf16, i32 or i64)";
  const json &shape = input["shape"];
  if (!shape.is_array())
    return error(path + ".shape") << "expected an array of sizes and symbols, got "
                                  << jsonTypeName(shape);
  SmallVector<int64_t> dimsOut;
  for (size_t i = 0; i < shape.size(); ++i) {
    const json &d = shape[i];
    std::string dpath = path + ".shape[" + std::to_string(i) + "]";
    if (d.is_string() && !d.get<std::string>().empty()) {
      dimsOut.push_back(ShapedType::kDynamic);
      dims.push_back(builder.getStringAttr(d.get<std::string>()));
    } else if (d.is_number_integer() && d.get<int64_t>() > 0) {
      dimsOut.push_back(d.get<int64_t>());
      dims.push_back(builder.getI64IntegerAttr(d.get<int64_t>()));
    } else {
      return error(dpath) << "expected a size > 0 or a symbol like \"T\", got " << d.dump();
    }
  }
  return Type(RankedTensorType::get(dimsOut, elt));
}

FailureOr<Value> Importer::resolve(const json &ref, const std::string &path) {
  std::string s;
  if (failed(expectString(ref, path, s)))
    return failure();
  if (!s.empty() && s[0] == '@')
    return weight(s.substr(1), path);
  auto in = inputs.find(s);
  if (in != inputs.end())
    return in->second;
  std::string node = s, result;
  if (size_t colon = s.find(':'); colon != std::string::npos) {
    node = s.substr(0, colon);
    result = s.substr(colon + 1);
  }
  auto it = nodeResults.find(node);
  if (it == nodeResults.end())
    return error(path) << "'" << s << "' names no node, entry-point input or weight ('@name')";
  Operation *op = it->second;
  if (result.empty())
    return op->getResult(0);
  unsigned index = 0;
  bool found = false;
  if (std::all_of(result.begin(), result.end(), ::isdigit)) {
    index = std::stoul(result);
    found = index < op->getNumResults();
  } else if (const OpSpec *spec = lookupOp(op->getName().stripDialect().str())) {
    for (size_t i = 0; i < spec->results.size(); ++i)
      if (result == spec->results[i]) {
        index = i;
        found = true;
      }
  }
  if (!found)
    return error(path) << "node '" << node << "' has no result '" << result << "' (it has "
                       << op->getNumResults() << " result(s))";
  return op->getResult(index);
}

/// Names a node refers to through its inputs (for ordering).
static void collectRefs(const json &node, std::vector<std::string> &refs) {
  if (!node.is_object() || !node.contains("inputs"))
    return;
  auto add = [&](const json &r) {
    if (!r.is_string())
      return;
    std::string s = r.get<std::string>();
    if (s.empty() || s[0] == '@')
      return;
    refs.push_back(s.substr(0, s.find(':')));
  };
  const json &inputs = node["inputs"];
  if (inputs.is_array())
    for (const json &r : inputs)
      add(r);
  else if (inputs.is_object())
    for (auto it = inputs.begin(); it != inputs.end(); ++it)
      add(it.value());
}

LogicalResult Importer::orderNodes(const json &nodes, const std::string &path,
                                   std::vector<size_t> &order) {
  std::map<std::string, size_t> byName;
  for (size_t i = 0; i < nodes.size(); ++i) {
    std::string npath = path + "[" + std::to_string(i) + "]";
    const json &n = nodes[i];
    if (!n.is_object())
      return error(npath) << "expected a node object, got " << jsonTypeName(n);
    if (!n.contains("name"))
      return error(npath) << "missing required field 'name'";
    std::string name;
    if (failed(expectString(n["name"], npath + ".name", name)))
      return failure();
    if (name.empty() || name[0] == '@' || name.find(':') != std::string::npos)
      return error(npath + ".name") << "node names must be non-empty and contain no ':' or leading '@': got '" << name << "'";
    if (inputs.count(name))
      return error(npath + ".name") << "node '" << name << "' has the name of an entry-point input";
    auto [it, inserted] = byName.emplace(name, i);
    if (!inserted)
      return error(npath + ".name") << "duplicate node name '" << name << "' (first at "
                                    << path << "[" << it->second << "])";
  }
  // Depth-first topological sort in spec order; a back edge is a cycle.
  // Iterative (an explicit stack of (node, next reference)): a spec may list
  // a chain of thousands of nodes in reverse, deeper than the thread's stack.
  std::vector<int> state(nodes.size(), 0); // 0 new, 1 on stack, 2 done
  struct Frame {
    size_t node;
    std::vector<std::string> refs;
    size_t next = 0;
  };
  std::vector<Frame> stack;
  for (size_t root = 0; root < nodes.size(); ++root) {
    if (state[root] != 0)
      continue;
    state[root] = 1;
    stack.push_back({root, {}});
    collectRefs(nodes[root], stack.back().refs);
    while (!stack.empty()) {
      Frame &top = stack.back();
      if (top.next == top.refs.size()) {
        state[top.node] = 2;
        order.push_back(top.node);
        stack.pop_back();
        continue;
      }
      auto it = byName.find(top.refs[top.next++]);
      if (it == byName.end())
        continue; // an input, or unknown: reported when the node is built
      size_t i = it->second;
      if (state[i] == 2)
        continue;
      if (state[i] == 1) {
        std::string cycle;
        auto start = std::find_if(stack.begin(), stack.end(),
                                  [&](const Frame &f) { return f.node == i; });
        for (auto s = start; s != stack.end(); ++s)
          cycle += nodes[s->node]["name"].get<std::string>() + " -> ";
        cycle += nodes[i]["name"].get<std::string>();
        return error(path + "[" + std::to_string(i) + "]") << "the graph has a cycle: " << cycle;
      }
      state[i] = 1;
      Frame frame{i, {}};
      collectRefs(nodes[i], frame.refs);
      stack.push_back(std::move(frame)); // `top` is dangling from here
    }
  }
  return success();
}

FailureOr<Attribute> Importer::parseAttr(const AttrSpec &spec, const json &v,
                                         const std::string &path) {
  switch (spec.kind) {
  case AttrKind::Int:
    if (!v.is_number_integer())
      return error(path) << "expected an integer, got " << jsonTypeName(v) << " " << v.dump();
    return Attribute(builder.getI64IntegerAttr(v.get<int64_t>()));
  case AttrKind::Float:
    if (!v.is_number())
      return error(path) << "expected a number, got " << jsonTypeName(v) << " " << v.dump();
    return Attribute(builder.getF32FloatAttr(v.get<double>()));
  case AttrKind::Bool:
    if (!v.is_boolean())
      return error(path) << "expected true or false, got " << jsonTypeName(v) << " " << v.dump();
    return v.get<bool>() ? Attribute(builder.getUnitAttr()) : Attribute();
  case AttrKind::IntList: {
    SmallVector<int64_t> values;
    if (!v.is_array())
      return error(path) << "expected an array of integers, got " << jsonTypeName(v);
    for (size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_number_integer())
        return error(path + "[" + std::to_string(i) + "]")
               << "expected an integer, got " << jsonTypeName(v[i]) << " " << v[i].dump();
      values.push_back(v[i].get<int64_t>());
    }
    return Attribute(builder.getDenseI64ArrayAttr(values));
  }
  case AttrKind::String:
    if (!v.is_string())
      return error(path) << "expected a string, got " << jsonTypeName(v);
    return Attribute(builder.getStringAttr(v.get<std::string>()));
  case AttrKind::Enum: {
    std::string list;
    for (size_t i = 0; i < spec.cases.size(); ++i) {
      if (v.is_string() && v.get<std::string>() == spec.cases[i])
        return Attribute(builder.getI32IntegerAttr(i));
      list += std::string(i ? ", " : "") + spec.cases[i];
    }
    return error(path) << "expected one of " << list << ", got " << v.dump();
  }
  }
  return failure();
}

LogicalResult Importer::importConstant(const json &node, const std::string &path,
                                       const std::string &name) {
  if (failed(expectObject(node, path, {"name", "op", "value", "dtype", "shape"}, {"value"})))
    return failure();
  std::string dtype = "f32";
  if (node.contains("dtype") && failed(expectString(node["dtype"], path + ".dtype", dtype)))
    return failure();
  Type elt;
  if (dtype == "f32") elt = builder.getF32Type();
  else if (dtype == "i32") elt = builder.getI32Type();
  else if (dtype == "i64") elt = builder.getI64Type();
  else
    return error(path + ".dtype") << "constants are f32, i32 or i64: got '" << dtype << "'";
  SmallVector<int64_t> shape = {1};
  if (node.contains("shape")) {
    FailureOr<Attribute> s = parseAttr({"shape", AttrKind::IntList}, node["shape"], path + ".shape");
    if (failed(s))
      return failure();
    shape.assign(cast<DenseI64ArrayAttr>(*s).asArrayRef().begin(),
                 cast<DenseI64ArrayAttr>(*s).asArrayRef().end());
  }
  const json &v = node["value"];
  if (!v.is_number())
    return error(path + ".value") << "expected a number (splat), got " << jsonTypeName(v);
  auto type = RankedTensorType::get(shape, elt);
  Attribute value = isa<FloatType>(elt)
                        ? DenseElementsAttr::get(type, builder.getFloatAttr(elt, v.get<double>()))
                        : DenseElementsAttr::get(type, builder.getIntegerAttr(elt, v.get<int64_t>()));
  Operation *op = builder.create<arith::ConstantOp>(nodeLoc(path, name), cast<TypedAttr>(value));
  nodeResults[name] = op;
  return success();
}

LogicalResult Importer::importNode(const json &node, const std::string &path) {
  std::string name = node["name"].get<std::string>();
  if (!node.contains("op"))
    return error(path) << "node '" << name << "': missing required field 'op'";
  std::string opName;
  if (failed(expectString(node["op"], path + ".op", opName)))
    return failure();
  if (opName == "constant")
    return importConstant(node, path, name);
  const OpSpec *spec = lookupOp(opName);
  if (!spec)
    return error(path + ".op") << "node '" << name << "': unknown op '" << opName
                               << "' (see docs/model-spec.md for the op vocabulary)";
  if (failed(expectObject(node, path, {"name", "op", "inputs", "weights", "weight_prefix", "attrs"})))
    return failure();

  // Attributes.
  NamedAttrList attrs;
  bool bidirectional = false;
  if (node.contains("attrs")) {
    const json &a = node["attrs"];
    if (!a.is_object())
      return error(path + ".attrs") << "expected an object, got " << jsonTypeName(a);
    for (auto it = a.begin(); it != a.end(); ++it) {
      const AttrSpec *as = nullptr;
      for (const AttrSpec &s : spec->attrs)
        if (it.key() == s.name)
          as = &s;
      std::string apath = path + ".attrs." + it.key();
      if (!as) {
        std::string list;
        for (const AttrSpec &s : spec->attrs)
          list += std::string(list.empty() ? "" : ", ") + s.name;
        return error(apath) << "op '" << opName << "' has no attribute '" << it.key() << "'"
                            << (list.empty() ? " (it takes none)" : " (it takes: " + list + ")");
      }
      FailureOr<Attribute> attr = parseAttr(*as, it.value(), apath);
      if (failed(attr))
        return failure();
      if (StringRef(as->name) == "bidirectional") {
        bidirectional = static_cast<bool>(*attr);
        continue; // a frontend switch, not an op attribute
      }
      if (*attr)
        attrs.set(as->name, *attr);
    }
  }

  // Inputs: positional (array) or by role (object).
  std::vector<const OperandSpec *> inputSlots;
  for (const OperandSpec &o : spec->operands)
    if (o.source == Source::Input)
      inputSlots.push_back(&o);
  std::map<const OperandSpec *, std::vector<Value>> given;
  if (node.contains("inputs")) {
    const json &in = node["inputs"];
    std::string ipath = path + ".inputs";
    if (in.is_array()) {
      bool variadic = inputSlots.size() == 1 && inputSlots[0]->variadic;
      if (!variadic && in.size() > inputSlots.size())
        return error(ipath) << "op '" << opName << "' takes at most " << inputSlots.size()
                            << " inputs, got " << in.size();
      for (size_t i = 0; i < in.size(); ++i) {
        if (in[i].is_null())
          continue;
        FailureOr<Value> v = resolve(in[i], ipath + "[" + std::to_string(i) + "]");
        if (failed(v))
          return failure();
        given[inputSlots[variadic ? 0 : i]].push_back(*v);
      }
    } else if (in.is_object()) {
      for (auto it = in.begin(); it != in.end(); ++it) {
        const OperandSpec *slot = nullptr;
        for (const OperandSpec *s : inputSlots)
          if (it.key() == s->name)
            slot = s;
        if (!slot)
          return error(ipath + "." + it.key()) << "op '" << opName << "' has no input '"
                                               << it.key() << "'";
        FailureOr<Value> v = resolve(it.value(), ipath + "." + it.key());
        if (failed(v))
          return failure();
        given[slot].push_back(*v);
      }
    } else {
      return error(ipath) << "expected an array or an object, got " << jsonTypeName(in);
    }
  }

  // Weights: explicit names by role, or prefix + PyTorch suffix.
  std::string prefix;
  if (node.contains("weight_prefix") &&
      failed(expectString(node["weight_prefix"], path + ".weight_prefix", prefix)))
    return failure();
  const json *explicitWeights = nullptr;
  if (node.contains("weights")) {
    explicitWeights = &node["weights"];
    if (!explicitWeights->is_object())
      return error(path + ".weights") << "expected an object mapping roles to weight names, got "
                                      << jsonTypeName(*explicitWeights);
    for (auto it = explicitWeights->begin(); it != explicitWeights->end(); ++it) {
      bool known = false;
      for (const OperandSpec &o : spec->operands)
        known |= o.source == Source::Weight && it.key() == o.name;
      if (!known) {
        std::string list;
        for (const OperandSpec &o : spec->operands)
          if (o.source == Source::Weight)
            list += std::string(list.empty() ? "" : ", ") + o.name;
        return error(path + ".weights." + it.key())
               << "op '" << opName << "' has no weight role '" << it.key() << "'"
               << (list.empty() ? " (it takes no weights)" : " (roles: " + list + ")");
      }
    }
  }
  for (const OperandSpec &o : spec->operands) {
    if (o.source != Source::Weight)
      continue;
    bool isReverse = StringRef(o.name).ends_with("_reverse");
    std::string wname, wpath;
    if (explicitWeights && explicitWeights->contains(o.name)) {
      wpath = path + ".weights." + o.name;
      if (failed(expectString((*explicitWeights)[o.name], wpath, wname)))
        return failure();
    } else if (!prefix.empty()) {
      wname = prefix + "." + o.suffix;
      wpath = path + ".weight_prefix";
      // Optional weights under a prefix are used when the file has them.
      if (o.optional && !isReverse && !weights.count(wname))
        continue;
    } else if (!o.optional || (isReverse && bidirectional)) {
      return error(path) << "node '" << name << "': missing weight '" << o.name
                         << "' (give \"weights\": {\"" << o.name
                         << "\": ...} or a \"weight_prefix\")";
    } else {
      continue;
    }
    if (isReverse && !bidirectional)
      continue;
    FailureOr<Value> v = weight(wname, wpath);
    if (failed(v))
      return failure();
    given[&o].push_back(*v);
  }

  // Operands in ODS order, with segment sizes.
  SmallVector<Value> operands;
  unsigned numSegments = 0;
  for (const OperandSpec &o : spec->operands)
    numSegments = std::max(numSegments, o.segment + 1);
  SmallVector<int32_t> segments(numSegments, 0);
  for (const OperandSpec &o : spec->operands) {
    auto it = given.find(&o);
    if (it == given.end()) {
      if (!o.optional && o.source == Source::Input)
        return error(path + ".inputs") << "node '" << name << "': missing input '" << o.name
                                       << "' of op '" << opName << "'";
      continue;
    }
    for (Value v : it->second)
      operands.push_back(v);
    segments[o.segment] += it->second.size();
  }

  OperationState state(nodeLoc(path, name), spec->mlir);
  state.addOperands(operands);
  state.addAttributes(attrs);
  std::optional<RegisteredOperationName> reg = state.name.getRegisteredInfo();
  if (!reg)
    return error(path) << "internal error: op '" << spec->mlir << "' is not registered";
  if (reg->hasTrait<OpTrait::AttrSizedOperandSegments>())
    state.addAttribute("operandSegmentSizes", builder.getDenseI32ArrayAttr(segments));
  if (StringRef(spec->mlir) == "asr.multi_head_attention") {
    // Which projections have a bias follows from the weights present.
    SmallVector<bool> hasBias;
    for (const char *role : {"query_bias", "key_bias", "value_bias", "out_bias"})
      for (const OperandSpec &o : spec->operands)
        if (o.name == std::string(role))
          hasBias.push_back(given.count(&o) > 0);
    state.addAttribute("has_bias", builder.getDenseBoolArrayAttr(hasBias));
  }
  // Result types are placeholders until the op's shape rules type it.
  Type placeholder = UnrankedTensorType::get(builder.getF32Type());
  state.addTypes(SmallVector<Type>(spec->results.size(), placeholder));
  Operation *op = builder.create(state);
  nodeResults[name] = op;

  auto shaped = dyn_cast<mlir::asr::InferShapeOpInterface>(op);
  SmallVector<Type> types;
  if (!shaped || failed(shaped.inferResultTypes(types)))
    return failure();
  if (types.size() != op->getNumResults())
    return error(path) << "internal error: op '" << spec->mlir << "' inferred " << types.size()
                       << " result types for " << op->getNumResults() << " results";
  for (auto [res, type] : llvm::zip(op->getResults(), types))
    res.setType(type);
  return mlir::verify(op, /*verifyRecursively=*/false);
}

LogicalResult Importer::importEntryPoint(const json &ep, const std::string &path,
                                         ModuleOp module, llvm::StringSet<> &entryNames) {
  if (failed(expectObject(ep, path, {"name", "description", "inputs", "nodes", "outputs"},
                          {"name", "inputs", "nodes", "outputs"})))
    return failure();
  std::string name;
  if (failed(expectString(ep["name"], path + ".name", name)))
    return failure();
  if (name.empty() || !std::all_of(name.begin(), name.end(),
                                   [](char c) { return std::isalnum((unsigned char)c) || c == '_'; }) ||
      std::isdigit((unsigned char)name[0]))
    return error(path + ".name") << "entry-point names are C identifiers (they name C functions): got '"
                                 << name << "'";
  if (!entryNames.insert(name).second)
    return error(path + ".name") << "duplicate entry point '" << name << "'";

  inputs.clear();
  nodeResults.clear();
  weightValues.clear();
  lastWeight = nullptr;

  // Inputs become the function's arguments.
  const json &ins = ep["inputs"];
  if (!ins.is_array())
    return error(path + ".inputs") << "expected an array, got " << jsonTypeName(ins);
  SmallVector<Type> argTypes;
  SmallVector<DictionaryAttr> argAttrs;
  std::vector<std::string> argNames;
  for (size_t i = 0; i < ins.size(); ++i) {
    std::string ipath = path + ".inputs[" + std::to_string(i) + "]";
    if (failed(expectObject(ins[i], ipath, {"name", "dtype", "shape", "description", "per_utterance"},
                            {"name", "dtype", "shape"})))
      return failure();
    bool perUtterance = false;
    if (ins[i].contains("per_utterance")) {
      const json &pu = ins[i]["per_utterance"];
      if (!pu.is_boolean())
        return error(ipath + ".per_utterance")
               << "expected true or false, got " << jsonTypeName(pu) << " " << pu.dump();
      perUtterance = pu.get<bool>();
    }
    std::string iname;
    if (failed(expectString(ins[i]["name"], ipath + ".name", iname)))
      return failure();
    if (std::find(argNames.begin(), argNames.end(), iname) != argNames.end())
      return error(ipath + ".name") << "duplicate input '" << iname << "'";
    SmallVector<Attribute> dims;
    FailureOr<Type> type = parseInputType(ins[i], ipath, dims);
    if (failed(type))
      return failure();
    argTypes.push_back(*type);
    argNames.push_back(iname);
    SmallVector<NamedAttribute> attrs{builder.getNamedAttr("asr.name", builder.getStringAttr(iname)),
                                      builder.getNamedAttr("asr.dims", builder.getArrayAttr(dims))};
    if (perUtterance)
      attrs.push_back(builder.getNamedAttr("asr.per_utterance", builder.getUnitAttr()));
    argAttrs.push_back(builder.getDictionaryAttr(attrs));
  }

  builder.setInsertionPointToEnd(module.getBody());
  auto func = builder.create<func::FuncOp>(loc(path), name,
                                           builder.getFunctionType(argTypes, {}));
  func.setAllArgAttrs(argAttrs);
  entryBlock = func.addEntryBlock();
  for (size_t i = 0; i < argNames.size(); ++i)
    inputs[argNames[i]] = entryBlock->getArgument(i);
  builder.setInsertionPointToEnd(entryBlock);

  const json &nodes = ep["nodes"];
  std::string npath = path + ".nodes";
  if (!nodes.is_array())
    return error(npath) << "expected an array, got " << jsonTypeName(nodes);
  std::vector<size_t> order;
  if (failed(orderNodes(nodes, npath, order)))
    return failure();
  for (size_t i : order)
    if (failed(importNode(nodes[i], npath + "[" + std::to_string(i) + "]")))
      return failure();

  // Outputs: "node[:result]" or {"name": ..., "value": ...}.
  const json &outs = ep["outputs"];
  std::string opath = path + ".outputs";
  if (!outs.is_array() || outs.empty())
    return error(opath) << "expected a non-empty array of outputs, got " << jsonTypeName(outs);
  SmallVector<Value> results;
  SmallVector<DictionaryAttr> resultAttrs;
  for (size_t i = 0; i < outs.size(); ++i) {
    std::string p = opath + "[" + std::to_string(i) + "]";
    const json *ref = &outs[i];
    std::string oname;
    if (outs[i].is_object()) {
      if (failed(expectObject(outs[i], p, {"name", "value", "description"}, {"name", "value"})) ||
          failed(expectString(outs[i]["name"], p + ".name", oname)))
        return failure();
      ref = &outs[i]["value"];
      p += ".value";
    } else if (outs[i].is_string()) {
      oname = outs[i].get<std::string>();
    }
    FailureOr<Value> v = resolve(*ref, p);
    if (failed(v))
      return failure();
    results.push_back(*v);
    resultAttrs.push_back(
        builder.getDictionaryAttr({builder.getNamedAttr("asr.name", builder.getStringAttr(oname))}));
  }
  builder.create<func::ReturnOp>(loc(opath), results);
  func.setFunctionType(builder.getFunctionType(argTypes, ValueRange(results).getTypes()));
  func.setAllResultAttrs(resultAttrs);
  return success();
}

OwningOpRef<ModuleOp> Importer::run(StringRef text) {
  ctx.loadDialect<mlir::asr::ASRDialect, func::FuncDialect, arith::ArithDialect>();
  json spec;
  try {
    SpecDomBuilder dom(spec);
    json::sax_parse(text.begin(), text.end(), &dom);
  } catch (const json::parse_error &e) {
    // Point at the byte nlohmann stopped at.
    size_t line = 1, col = 1;
    for (size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    std::string what = e.what();
    if (size_t p = what.find(": "); p != std::string::npos)
      what = what.substr(p + 2);
    mlir::emitError(FileLineColLoc::get(&ctx, options.specPath, line, col))
        << "malformed JSON: " << what;
    return nullptr;
  }
  if (failed(expectObject(spec, "spec",
                          {"format", "version", "name", "description", "metadata", "weights",
                           "entry_points", "decoding", "transcription"},
                          {"name", "entry_points"})))
    return nullptr;
  if (spec.contains("version") && spec["version"] != 1) {
    error("version") << "unsupported spec version " << spec["version"].dump() << " (expected 1)";
    return nullptr;
  }
  std::string modelName;
  if (failed(expectString(spec["name"], "name", modelName)))
    return nullptr;
  if (modelName.empty() ||
      !std::all_of(modelName.begin(), modelName.end(),
                   [](char c) { return std::isalnum((unsigned char)c) || c == '_'; })) {
    error("name") << "model names are C identifiers (they name the library and its functions): got '"
                  << modelName << "'";
    return nullptr;
  }
  if (failed(loadWeights(spec)))
    return nullptr;

  OwningOpRef<ModuleOp> module = ModuleOp::create(loc("spec"), StringRef(modelName));
  module->getOperation()->setAttr("asr.model", builder.getStringAttr(modelName));
  if (!weightsFile.empty())
    module->getOperation()->setAttr("asr.weights", builder.getStringAttr(weightsFile));
  const json &eps = spec["entry_points"];
  if (!eps.is_array() || eps.empty()) {
    error("entry_points") << "expected a non-empty array of entry points, got " << jsonTypeName(eps);
    return nullptr;
  }
  llvm::StringSet<> entryNames;
  for (size_t i = 0; i < eps.size(); ++i)
    if (failed(importEntryPoint(eps[i], "entry_points[" + std::to_string(i) + "]", *module,
                                entryNames)))
      return nullptr;
  if (spec.contains("decoding") && failed(importDecoding(spec["decoding"], *module)))
    return nullptr;
  if (spec.contains("transcription") &&
      failed(importTranscription(spec["transcription"], *module)))
    return nullptr;
  if (failed(mlir::verify(*module)))
    return nullptr;
  return module;
}

} // namespace

OwningOpRef<ModuleOp> importModelSpec(MLIRContext &context, StringRef json,
                                      const ModelSpecOptions &options) {
  Importer importer(context, options);
  return importer.run(json);
}

OwningOpRef<ModuleOp> importModelSpecFile(MLIRContext &context, const ModelSpecOptions &options) {
  auto buffer = llvm::MemoryBuffer::getFile(options.specPath);
  if (!buffer) {
    mlir::emitError(UnknownLoc::get(&context))
        << "cannot read model spec '" << options.specPath << "': " << buffer.getError().message();
    return nullptr;
  }
  return importModelSpec(context, (*buffer)->getBuffer(), options);
}

} // namespace asr
