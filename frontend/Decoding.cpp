//===- Decoding.cpp - the spec's "decoding" recipe -------------------------===//
//
// Checks the optional top-level "decoding" object of a model spec against the
// imported entry points and records it as the module attribute
// `asr.decoding`, which code generation turns into the runtime's recipe for
// asrc_decode (runtime/Decode.cpp). Format: docs/model-spec.md.
//
//===----------------------------------------------------------------------===//
#include "frontend/Decoding.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/StringSet.h"

#include <set>

using namespace mlir;
using json = nlohmann::ordered_json;

namespace asr {
namespace {

class DecodingImporter {
public:
  DecodingImporter(ModuleOp module, const json &d) : module(module), d(d), b(module.getContext()) {}

  LogicalResult run();

private:
  InFlightDiagnostic error(const std::string &path) {
    return mlir::emitError(NameLoc::get(b.getStringAttr("decoding" + path)));
  }
  /// `key` as a string (required unless `optional`); "" when absent.
  FailureOr<std::string> str(const char *key, bool optional = false);
  FailureOr<int64_t> integer(const json &v, const std::string &path);
  func::FuncOp entry(const std::string &name, const std::string &path);
  /// Index of the argument / result named `name` (asr.name), or -1.
  static int64_t argIndex(func::FuncOp f, StringRef name);
  static int64_t resultIndex(func::FuncOp f, StringRef name);
  LogicalResult checkKeys(std::initializer_list<const char *> allowed);

  ModuleOp module;
  const json &d;
  Builder b;
  SmallVector<NamedAttribute> attrs;
};

FailureOr<std::string> DecodingImporter::str(const char *key, bool optional) {
  if (!d.contains(key)) {
    if (optional)
      return std::string();
    error(std::string(".") + key) << "missing required field '" << key << "'";
    return failure();
  }
  if (!d[key].is_string()) {
    error(std::string(".") + key) << "expected a string, got " << d[key].dump();
    return failure();
  }
  return d[key].get<std::string>();
}

FailureOr<int64_t> DecodingImporter::integer(const json &v, const std::string &path) {
  if (!v.is_number_integer() || v.get<int64_t>() < INT32_MIN || v.get<int64_t>() > INT32_MAX) {
    error(path) << "expected a 32-bit integer, got " << v.dump();
    return failure();
  }
  return v.get<int64_t>();
}

func::FuncOp DecodingImporter::entry(const std::string &name, const std::string &path) {
  auto f = module.lookupSymbol<func::FuncOp>(name);
  if (!f) {
    std::string have;
    for (auto g : module.getOps<func::FuncOp>())
      have += (have.empty() ? "" : ", ") + g.getSymName().str();
    error(path) << "no entry point '" << name << "' (have: " << have << ")";
  }
  return f;
}

int64_t DecodingImporter::argIndex(func::FuncOp f, StringRef name) {
  for (unsigned i = 0; i < f.getNumArguments(); ++i)
    if (auto n = f.getArgAttrOfType<StringAttr>(i, "asr.name"); n && n.getValue() == name)
      return i;
  return -1;
}

int64_t DecodingImporter::resultIndex(func::FuncOp f, StringRef name) {
  for (unsigned i = 0; i < f.getNumResults(); ++i)
    if (auto n = f.getResultAttrOfType<StringAttr>(i, "asr.name"); n && n.getValue() == name)
      return i;
  return -1;
}

LogicalResult DecodingImporter::checkKeys(std::initializer_list<const char *> allowed) {
  for (auto it = d.begin(); it != d.end(); ++it)
    if (std::find_if(allowed.begin(), allowed.end(),
                     [&](const char *k) { return it.key() == k; }) == allowed.end()) {
      std::string list;
      for (const char *k : allowed)
        list += (list.empty() ? "" : ", ") + std::string(k);
      return error("." + it.key()) << "unknown field '" << it.key() << "' (fields: " << list << ")";
    }
  return success();
}

LogicalResult DecodingImporter::run() {
  if (!d.is_object())
    return error("") << "expected an object, got " << d.dump();
  FailureOr<std::string> kind = str("kind");
  if (failed(kind))
    return failure();
  FailureOr<std::string> encodeName = str("encode");
  if (failed(encodeName))
    return failure();
  func::FuncOp encode = entry(*encodeName, ".encode");
  if (!encode)
    return failure();
  attrs.push_back(b.getNamedAttr("kind", b.getStringAttr(*kind)));
  attrs.push_back(b.getNamedAttr("encode", b.getStringAttr(*encodeName)));
  auto encoderOutput = [&](const std::string &name, const std::string &path) -> LogicalResult {
    if (resultIndex(encode, name) < 0)
      return error(path) << "entry point '" << *encodeName << "' has no output '" << name << "'";
    return success();
  };

  if (*kind == "ctc") {
    if (failed(checkKeys({"kind", "encode", "log_probs", "lengths", "blank"})))
      return failure();
    FailureOr<std::string> lp = str("log_probs"), len = str("lengths", true);
    if (failed(lp) || failed(len) || failed(encoderOutput(*lp, ".log_probs")) ||
        (!len->empty() && failed(encoderOutput(*len, ".lengths"))))
      return failure();
    int64_t blank = 0;
    if (d.contains("blank")) {
      FailureOr<int64_t> v = integer(d["blank"], ".blank");
      if (failed(v))
        return failure();
      blank = *v;
    }
    auto lpType = dyn_cast<RankedTensorType>(encode.getResultTypes()[resultIndex(encode, *lp)]);
    if (!lpType || lpType.getRank() != 3 || !lpType.getElementType().isF32())
      return error(".log_probs") << "'" << *lp << "' must be f32 [B, T, V], got " << lpType;
    if (!lpType.isDynamicDim(2) && (blank < 0 || blank >= lpType.getDimSize(2)))
      return error(".blank") << "blank " << blank << " is not a token of the vocabulary of "
                             << lpType.getDimSize(2);
    attrs.push_back(b.getNamedAttr("log_probs", b.getStringAttr(*lp)));
    if (!len->empty())
      attrs.push_back(b.getNamedAttr("lengths", b.getStringAttr(*len)));
    attrs.push_back(b.getNamedAttr("blank", b.getI64IntegerAttr(blank)));
  } else if (*kind == "attention") {
    if (failed(checkKeys({"kind", "encode", "step", "token", "position", "scores", "scores_are",
                          "state", "from_encoder", "start_tokens", "end_token", "max_length"})))
      return failure();
    FailureOr<std::string> stepName = str("step"), token = str("token"),
                           position = str("position", true), scores = str("scores"),
                           scoresAre = str("scores_are", true);
    if (failed(stepName) || failed(token) || failed(position) || failed(scores) ||
        failed(scoresAre))
      return failure();
    func::FuncOp step = entry(*stepName, ".step");
    if (!step)
      return failure();
    std::set<std::string> covered;
    auto stepInput = [&](const std::string &name, const std::string &path) -> LogicalResult {
      if (argIndex(step, name) < 0)
        return error(path) << "entry point '" << *stepName << "' has no input '" << name << "'";
      if (!covered.insert(name).second)
        return error(path) << "input '" << name << "' of '" << *stepName
                           << "' is fed twice by the recipe";
      return success();
    };
    if (failed(stepInput(*token, ".token")))
      return failure();
    auto tokType = cast<RankedTensorType>(step.getArgumentTypes()[argIndex(step, *token)]);
    if (!tokType.getElementType().isInteger(32) && !tokType.getElementType().isInteger(64))
      return error(".token") << "'" << *token << "' must be i32 or i64, got " << tokType;
    if (tokType.getRank() < 1 || tokType.getRank() > 2 ||
        (tokType.getRank() == 2 && tokType.getDimSize(1) != 1))
      return error(".token") << "'" << *token << "' must be [B] or [B, 1], got " << tokType;
    if (!position->empty()) {
      if (failed(stepInput(*position, ".position")))
        return failure();
      auto posType = cast<RankedTensorType>(step.getArgumentTypes()[argIndex(step, *position)]);
      if (posType.getRank() != 1 || !posType.getElementType().isInteger(32))
        return error(".position") << "'" << *position << "' must be i32 [B], got " << posType;
    }
    int64_t si = resultIndex(step, *scores);
    if (si < 0)
      return error(".scores") << "entry point '" << *stepName << "' has no output '" << *scores
                              << "'";
    if (!scoresAre->empty() && *scoresAre != "logits" && *scoresAre != "log_probs")
      return error(".scores_are") << "expected \"logits\" or \"log_probs\", got \"" << *scoresAre
                                  << "\"";

    SmallVector<Attribute> states;
    std::set<std::string> stateOutputs;
    if (d.contains("state")) {
      const json &st = d["state"];
      if (!st.is_array())
        return error(".state") << "expected an array of {\"input\", \"output\"[, \"init\"]}";
      for (size_t i = 0; i < st.size(); ++i) {
        std::string p = ".state[" + std::to_string(i) + "]";
        const json &e = st[i];
        if (!e.is_object() || !e.contains("input") || !e.contains("output") ||
            !e["input"].is_string() || !e["output"].is_string())
          return error(p) << "expected {\"input\": name, \"output\": name[, \"init\": "
                             "\"zeros\" | \"first\"]}, got "
                          << e.dump();
        std::string in = e["input"], out = e["output"], init = "zeros";
        if (e.contains("init")) {
          if (!e["init"].is_string() || (e["init"] != "zeros" && e["init"] != "first"))
            return error(p + ".init") << "expected \"zeros\" or \"first\", got " << e["init"].dump();
          init = e["init"];
        }
        if (failed(stepInput(in, p + ".input")))
          return failure();
        int64_t oi = resultIndex(step, out);
        if (oi < 0)
          return error(p + ".output") << "entry point '" << *stepName << "' has no output '" << out
                                      << "'";
        if (!stateOutputs.insert(out).second)
          return error(p + ".output") << "output '" << out << "' already feeds another state";
        Type inT = step.getArgumentTypes()[argIndex(step, in)], outT = step.getResultTypes()[oi];
        if (cast<ShapedType>(inT).getElementType() != cast<ShapedType>(outT).getElementType() ||
            cast<ShapedType>(inT).getRank() != cast<ShapedType>(outT).getRank())
          return error(p) << "input '" << in << "' is " << inT << " but output '" << out
                          << "' is " << outT;
        states.push_back(b.getArrayAttr({b.getStringAttr(in), b.getStringAttr(out),
                                         b.getI64IntegerAttr(init == "first" ? 1 : 0)}));
      }
    }
    SmallVector<Attribute> fromEncoder;
    if (d.contains("from_encoder")) {
      const json &fe = d["from_encoder"];
      if (!fe.is_object())
        return error(".from_encoder") << "expected an object {step input: encoder output}";
      for (auto it = fe.begin(); it != fe.end(); ++it) {
        std::string p = ".from_encoder." + it.key();
        if (!it.value().is_string())
          return error(p) << "expected an output name of '" << *encodeName << "', got "
                          << it.value().dump();
        if (failed(stepInput(it.key(), p)) || failed(encoderOutput(it.value(), p)))
          return failure();
        fromEncoder.push_back(
            b.getArrayAttr({b.getStringAttr(it.key()), b.getStringAttr(it.value().get<std::string>())}));
      }
    }
    if (fromEncoder.empty())
      return error(".from_encoder") << "the step must take at least one encoder output";
    for (unsigned i = 0; i < step.getNumArguments(); ++i) {
      auto n = step.getArgAttrOfType<StringAttr>(i, "asr.name");
      if (n && !covered.count(n.str()))
        return error("") << "input '" << n.getValue() << "' of '" << *stepName
                         << "' has no source: name it as token, position, a state input or "
                            "in from_encoder";
    }
    if (!d.contains("start_tokens") || !d["start_tokens"].is_array() || d["start_tokens"].empty())
      return error(".start_tokens") << "expected a non-empty array of token ids";
    SmallVector<Attribute> start;
    for (size_t i = 0; i < d["start_tokens"].size(); ++i) {
      FailureOr<int64_t> v = integer(d["start_tokens"][i], ".start_tokens[" + std::to_string(i) + "]");
      if (failed(v))
        return failure();
      start.push_back(b.getI64IntegerAttr(*v));
    }
    if (!d.contains("end_token"))
      return error(".end_token") << "missing required field 'end_token'";
    FailureOr<int64_t> end = integer(d["end_token"], ".end_token");
    if (failed(end))
      return failure();
    int64_t maxLength = 0;
    if (d.contains("max_length")) {
      FailureOr<int64_t> v = integer(d["max_length"], ".max_length");
      if (failed(v))
        return failure();
      if (*v < 1)
        return error(".max_length") << "expected a positive length, got " << *v;
      maxLength = *v;
    }
    attrs.append({b.getNamedAttr("step", b.getStringAttr(*stepName)),
                  b.getNamedAttr("token", b.getStringAttr(*token)),
                  b.getNamedAttr("scores", b.getStringAttr(*scores)),
                  b.getNamedAttr("scores_are_logits", b.getBoolAttr(*scoresAre != "log_probs")),
                  b.getNamedAttr("states", b.getArrayAttr(states)),
                  b.getNamedAttr("from_encoder", b.getArrayAttr(fromEncoder)),
                  b.getNamedAttr("start_tokens", b.getArrayAttr(start)),
                  b.getNamedAttr("end_token", b.getI64IntegerAttr(*end)),
                  b.getNamedAttr("max_length", b.getI64IntegerAttr(maxLength))});
    if (!position->empty())
      attrs.push_back(b.getNamedAttr("position", b.getStringAttr(*position)));
  } else {
    return error(".kind") << "expected \"attention\" or \"ctc\", got \"" << *kind << "\"";
  }
  module->setAttr("asr.decoding", b.getDictionaryAttr(attrs));
  return success();
}

} // namespace

LogicalResult importDecoding(const json &decoding, ModuleOp module) {
  return DecodingImporter(module, decoding).run();
}

LogicalResult importTranscription(const json &t, ModuleOp module) {
  Builder b(module.getContext());
  auto error = [&](const std::string &path) {
    return mlir::emitError(NameLoc::get(b.getStringAttr("transcription" + path)));
  };
  if (!t.is_object())
    return error("") << "expected an object, got " << t.dump();
  for (const auto &[key, value] : t.items()) {
    (void)value;
    if (key != "sample_rate" && key != "tokens" && key != "separator" && key != "window_seconds")
      return error("." + key) << "unknown field '" << key
                              << "' (expected sample_rate, tokens, separator, window_seconds)";
  }
  if (!module->hasAttr("asr.decoding"))
    return error("") << "a transcription needs a \"decoding\" recipe (token ids to text)";
  json out = json::object();
  if (!t.contains("sample_rate"))
    return error(".sample_rate") << "missing required field 'sample_rate'";
  const json &rate = t["sample_rate"];
  if (!rate.is_number_integer() || rate.get<int64_t>() < 1000 || rate.get<int64_t>() > 768000)
    return error(".sample_rate") << "expected a sample rate in Hz (1000 to 768000), got "
                                 << rate.dump();
  out["sample_rate"] = rate;
  if (!t.contains("tokens"))
    return error(".tokens") << "missing required field 'tokens' (the text of every token id)";
  const json &tokens = t["tokens"];
  if (!tokens.is_array() || tokens.empty())
    return error(".tokens") << "expected a non-empty array of strings, got " << tokens.dump();
  for (size_t i = 0; i < tokens.size(); ++i)
    if (!tokens[i].is_string())
      return error(".tokens[" + std::to_string(i) + "]") << "expected a string, got "
                                                         << tokens[i].dump();
  out["tokens"] = tokens;
  out["separator"] = " ";
  if (t.contains("separator")) {
    if (!t["separator"].is_string())
      return error(".separator") << "expected a string, got " << t["separator"].dump();
    out["separator"] = t["separator"];
  }
  out["window_seconds"] = 30.0;
  if (t.contains("window_seconds")) {
    const json &w = t["window_seconds"];
    if (!w.is_number() || !(w.get<double>() > 0) || w.get<double>() > 3600)
      return error(".window_seconds") << "expected seconds in (0, 3600], got " << w.dump();
    out["window_seconds"] = w.get<double>();
  }
  module->setAttr("asr.transcription", b.getStringAttr(out.dump()));
  return success();
}

} // namespace asr
