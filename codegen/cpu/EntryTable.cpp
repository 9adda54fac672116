//===- EntryTable.cpp - entry-point table and decoding recipe -------------===//
#include "codegen/cpu/EntryTable.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace asr {
namespace {

/// A quoted string with '"' and '\\' escaped: a C string literal, and a
/// JSON string for the names it is used on (no control characters).
std::string cstr(StringRef s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + "\"";
}

StringRef getStr(DictionaryAttr d, StringRef key) {
  auto s = d.getAs<StringAttr>(key);
  return s ? s.getValue() : StringRef();
}

int64_t getInt(DictionaryAttr d, StringRef key) {
  auto i = d.getAs<IntegerAttr>(key);
  return i ? i.getInt() : 0;
}

} // namespace

LogicalResult emitEntryTable(ModuleOp module, const std::vector<EntryPorts> &entries,
                             std::string &source) {
  std::string src;
  llvm::raw_string_ostream os(src);
  os << "// Entry points by name (asrc_model_call, asrc_decode).\n";
  for (const EntryPorts &e : entries) {
    auto ports = [&](const std::vector<EntryPort> &ps, const char *kind) {
      for (size_t i = 0; i < ps.size(); ++i) {
        if (!ps[i].dims.empty()) {
          os << "static const int64_t kAsrcDims_" << e.entry << "_" << kind << i << "[] = {";
          for (size_t k = 0; k < ps[i].dims.size(); ++k)
            os << (k ? ", " : "") << ps[i].dims[k];
          os << "};\nstatic const char *const kAsrcSyms_" << e.entry << "_" << kind << i
             << "[] = {";
          for (size_t k = 0; k < ps[i].syms.size(); ++k)
            os << (k ? ", " : "") << (ps[i].syms[k].empty() ? "nullptr" : cstr(ps[i].syms[k]));
          os << "};\n";
        }
      }
      os << "static const asrc_rt_port kAsrc" << kind << "_" << e.entry << "[] = {\n";
      for (size_t i = 0; i < ps.size(); ++i) {
        bool hasDims = !ps[i].dims.empty();
        std::string suffix = e.entry + "_" + kind + std::to_string(i);
        os << "  {" << cstr(ps[i].name) << ", " << ps[i].dtype << ", " << ps[i].rank << ", "
           << (hasDims ? "kAsrcDims_" + suffix : "nullptr") << ", "
           << (hasDims ? "kAsrcSyms_" + suffix : "nullptr") << "},\n";
      }
      if (ps.empty())
        os << "  {nullptr, ASRC_F32, 0, nullptr, nullptr},\n";
      os << "};\n";
    };
    ports(e.inputs, "In");
    ports(e.outputs, "Out");
    os << "static asrc_error *kAsrcCall_" << e.entry
       << "(asrc_model *m, const asrc_tensor *const *in, asrc_tensor *const *out) {\n"
       << "  return " << e.function << "(m";
    for (size_t i = 0; i < e.inputs.size(); ++i)
      os << ", in[" << i << "]";
    for (size_t i = 0; i < e.outputs.size(); ++i)
      os << ", out[" << i << "]";
    os << ");\n}\n";
  }
  os << "static const asrc_rt_entry kAsrcEntries[] = {\n";
  for (const EntryPorts &e : entries)
    os << "  {" << cstr(e.entry) << ", " << e.inputs.size() << ", " << e.outputs.size()
       << ", kAsrcIn_" << e.entry << ", kAsrcOut_" << e.entry << ", kAsrcCall_" << e.entry
       << "},\n";
  os << "};\n";

  auto d = module->getAttrOfType<DictionaryAttr>("asr.decoding");
  // asrc_model_info's JSON: what a driver (asr-run) needs to know.
  auto modelName = module->getAttrOfType<StringAttr>("asr.model");
  std::string info =
      "{\"model\": " + cstr(modelName ? modelName.getValue() : StringRef()) + ", \"entries\": [";
  for (auto [i, e] : llvm::enumerate(entries))
    info += (i ? ", " : "") + cstr(e.entry);
  info += "], \"decoding\": " + (d ? cstr(getStr(d, "kind")) : std::string("null"));
  auto transcription = module->getAttrOfType<StringAttr>("asr.transcription");
  info += ", \"transcription\": " +
          (transcription ? transcription.getValue().str() : std::string("null")) + "}";
  os << "static const char kAsrcInfo[] = " << cstr(info) << ";\n";
  if (!d) {
    os << "static const asrc_rt_decoding *const kAsrcDecoding = nullptr;\n\n";
    source += src;
    return success();
  }
  auto find = [&](StringRef name) -> const EntryPorts * {
    for (const EntryPorts &e : entries)
      if (e.entry == name)
        return &e;
    return nullptr;
  };
  // Output names as the C functions name them.
  auto output = [&](const EntryPorts *e, StringRef specName, std::string &out) -> LogicalResult {
    auto it = e ? e->outputBySpecName.find(specName.str()) : std::map<std::string, std::string>::const_iterator();
    if (!e || it == e->outputBySpecName.end())
      return module.emitError("codegen: the decoding recipe names output '")
             << specName << "' of '" << (e ? e->entry : "?") << "', which does not exist";
    out = it->second;
    return success();
  };
  StringRef kind = getStr(d, "kind");
  const EntryPorts *encode = find(getStr(d, "encode"));
  if (!encode)
    return module.emitError("codegen: the decoding recipe's encoder '")
           << getStr(d, "encode") << "' is not an entry point";
  auto opt = [&](StringRef s) { return s.empty() ? std::string("nullptr") : cstr(s); };
  if (kind == "ctc") {
    std::string lp, len;
    if (failed(output(encode, getStr(d, "log_probs"), lp)) ||
        (!getStr(d, "lengths").empty() && failed(output(encode, getStr(d, "lengths"), len))))
      return failure();
    os << "static const asrc_rt_decoding kAsrcDecodingData = {ASRC_RT_DECODING_CTC, "
       << cstr(encode->entry) << ", " << cstr(lp) << ", " << opt(len) << ", "
       << getInt(d, "blank")
       << ", nullptr, nullptr, nullptr, nullptr, 0, nullptr, 0, nullptr, 0, nullptr, 0, 0, 0};\n";
  } else {
    const EntryPorts *step = find(getStr(d, "step"));
    if (!step)
      return module.emitError("codegen: the decoding recipe's step '")
             << getStr(d, "step") << "' is not an entry point";
    std::string scores;
    if (failed(output(step, getStr(d, "scores"), scores)))
      return failure();
    auto states = d.getAs<ArrayAttr>("states");
    os << "static const asrc_rt_state kAsrcStates[] = {\n";
    for (Attribute a : states) {
      auto s = cast<ArrayAttr>(a);
      std::string out;
      if (failed(output(step, cast<StringAttr>(s[1]).getValue(), out)))
        return failure();
      os << "  {" << cstr(cast<StringAttr>(s[0]).getValue()) << ", " << cstr(out) << ", "
         << cast<IntegerAttr>(s[2]).getInt() << "},\n";
    }
    if (states.empty())
      os << "  {nullptr, nullptr, 0},\n";
    os << "};\nstatic const char *const kAsrcFromEncoder[] = {\n";
    auto fromEncoder = d.getAs<ArrayAttr>("from_encoder");
    for (Attribute a : fromEncoder) {
      auto s = cast<ArrayAttr>(a);
      std::string out;
      if (failed(output(encode, cast<StringAttr>(s[1]).getValue(), out)))
        return failure();
      os << "  " << cstr(cast<StringAttr>(s[0]).getValue()) << ", " << cstr(out) << ",\n";
    }
    os << "};\nstatic const int32_t kAsrcStartTokens[] = {";
    auto start = d.getAs<ArrayAttr>("start_tokens");
    for (auto [i, t] : llvm::enumerate(start))
      os << (i ? ", " : "") << cast<IntegerAttr>(t).getInt();
    os << "};\n";
    auto logits = d.getAs<BoolAttr>("scores_are_logits");
    os << "static const asrc_rt_decoding kAsrcDecodingData = {ASRC_RT_DECODING_ATTENTION, "
       << cstr(encode->entry) << ", nullptr, nullptr, 0, " << cstr(step->entry) << ", "
       << cstr(getStr(d, "token")) << ", " << opt(getStr(d, "position")) << ", " << cstr(scores)
       << ", " << (logits && logits.getValue() ? 1 : 0) << ", kAsrcStates, " << states.size()
       << ", kAsrcFromEncoder, " << fromEncoder.size() << ", kAsrcStartTokens, " << start.size()
       << ", " << getInt(d, "end_token") << ", " << getInt(d, "max_length") << "};\n";
  }
  os << "static const asrc_rt_decoding *const kAsrcDecoding = &kAsrcDecodingData;\n\n";
  source += src;
  return success();
}

} // namespace asr
