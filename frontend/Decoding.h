//===- Decoding.h - the spec's "decoding" recipe ----------------*- C++ -*-===//
#ifndef ASR_FRONTEND_DECODING_H
#define ASR_FRONTEND_DECODING_H

#include "mlir/IR/BuiltinOps.h"

#include <nlohmann/json.hpp>

namespace asr {

/// Checks the spec's "decoding" object against the module's entry points
/// (already imported: names in `asr.name` argument/result attributes) and
/// records it as the module attribute `asr.decoding`. Errors are reported at
/// `decoding.<field>` locations.
mlir::LogicalResult importDecoding(const nlohmann::ordered_json &decoding, mlir::ModuleOp module);

/// Checks the spec's "transcription" object (how token ids become text and
/// what audio the encoder takes: sample_rate, tokens, separator,
/// window_seconds) and records it, normalized, as the JSON text of the
/// module attribute `asr.transcription`; the compiled library hands it out
/// through asrc_model_info. Needs a "decoding" recipe. Errors are reported
/// at `transcription.<field>` locations.
mlir::LogicalResult importTranscription(const nlohmann::ordered_json &transcription,
                                        mlir::ModuleOp module);

} // namespace asr

#endif // ASR_FRONTEND_DECODING_H
