//===- OpTable.h - the JSON spec's op vocabulary ----------------*- C++ -*-===//
//
// One entry per op that a model spec node may name: which `asr` op it builds,
// its operands in ODS order (each fed by a node input or by a weight role),
// its attributes with their JSON kinds, and its result names. The frontend is
// generic over this table; docs/model-spec.md lists the same vocabulary.
//
//===----------------------------------------------------------------------===//
#ifndef ASR_FRONTEND_OPTABLE_H
#define ASR_FRONTEND_OPTABLE_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/MLIRContext.h"

#include <optional>
#include <string>
#include <vector>

namespace asr {

/// Where an operand comes from in a spec node.
enum class Source {
  Input,  ///< "inputs": a node result, an entry-point input, or "@weight".
  Weight, ///< "weights" (by role) or "weight_prefix" + default suffix.
};

struct OperandSpec {
  const char *name;   ///< Role name in "inputs" (object form) or "weights".
  Source source;
  bool optional = false;
  /// ODS operand segment (for ops with AttrSizedOperandSegments); operands
  /// of one variadic segment share it.
  unsigned segment = 0;
  /// For weights: the suffix appended to "weight_prefix" + "." when the
  /// node gives a prefix instead of explicit names (PyTorch's names).
  const char *suffix = nullptr;
  /// Variadic input (concat): takes every remaining input.
  bool variadic = false;
};

enum class AttrKind { Int, Float, Bool, IntList, String, Enum };

struct AttrSpec {
  const char *name;
  AttrKind kind;
  /// Enum: the allowed spellings; the attribute stores the index as i32.
  std::vector<const char *> cases = {};
};

struct OpSpec {
  const char *json;   ///< "conv1d"
  const char *mlir;   ///< "asr.conv1d"
  const char *summary;
  std::vector<OperandSpec> operands;
  std::vector<AttrSpec> attrs;
  std::vector<const char *> results = {"result"};
};

/// The op named `json` in a spec, or nullptr.
const OpSpec *lookupOp(const std::string &json);
/// All ops, for listings and docs.
const std::vector<OpSpec> &allOps();

} // namespace asr

#endif // ASR_FRONTEND_OPTABLE_H
