//===- EntryTable.h - entry-point table and decoding recipe -----*- C++ -*-===//
//
// The part of a model's C++ that lets the runtime drive it by name: a table
// of its entry points (asrc_rt_entry: ports with dtypes, dims and symbols,
// and a wrapper taking tensor arrays) for asrc_model_call, and the spec's
// decoding recipe (module attribute asr.decoding) as an asrc_rt_decoding
// for asrc_decode. runtime/asrc_rt.h defines both structs.
//
//===----------------------------------------------------------------------===//
#ifndef ASR_CODEGEN_CPU_ENTRYTABLE_H
#define ASR_CODEGEN_CPU_ENTRYTABLE_H

#include "mlir/IR/BuiltinOps.h"

#include <map>
#include <string>
#include <vector>

namespace asr {

struct EntryPort {
  std::string name;  ///< the C parameter name
  std::string dtype; ///< an asrc_dtype enumerator, e.g. "ASRC_F32"
  int64_t rank = 0;
  std::vector<int64_t> dims;      ///< -1: dynamic (inputs only)
  std::vector<std::string> syms;  ///< symbol of each dim, "" if none (inputs only)
};

struct EntryPorts {
  std::string entry;    ///< "decode_step"
  std::string function; ///< "<model>_decode_step"
  std::vector<EntryPort> inputs, outputs;
  /// Output C names by the spec's output names (they differ when an output
  /// shares an input's name: "h" -> "out_h").
  std::map<std::string, std::string> outputBySpecName;
};

/// C++ defining `kAsrcEntries` and `kAsrcDecoding` (a null pointer constant
/// when the module has no recipe), for `asrc_rt_model_set_program`.
/// Reports a recipe that names an unknown entry point or output and fails.
mlir::LogicalResult emitEntryTable(mlir::ModuleOp module, const std::vector<EntryPorts> &entries,
                                   std::string &source);

} // namespace asr

#endif // ASR_CODEGEN_CPU_ENTRYTABLE_H
