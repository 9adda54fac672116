//===- ASRDialect.td - the asr dialect --------------------*- tablegen -*-===//
//
// The `asr` dialect: attention-based speech recognition models as tensor
// programs. See docs/dialect.md for an overview.
//
//===----------------------------------------------------------------------===//

#ifndef ASR_DIALECT_TD
#define ASR_DIALECT_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def ASR_Dialect : Dialect {
  let name = "asr";
  let summary = "Attention-based speech recognition models as tensor programs";
  let description = [{
    The `asr` dialect describes speech recognition models (Whisper-style
    encoder-decoders, Conformer/Transformer CTC encoders, Listen-Attend-Spell,
    content-attention models) on builtin ranked tensors. Batch and time
    dimensions are usually dynamic (`?`).

    It has two levels:

    * layer-level ops (`asr.linear`, `asr.lstm`, `asr.multi_head_attention`,
      `asr.location_attention`, ...), which the JSON model spec maps to
      one-to-one, and which carry their weights as operands produced by
      `asr.weight`;
    * kernel-level ops (`asr.matmul`, elementwise ops, `asr.reduce`,
      `asr.softmax`, `asr.attention_score`, `asr.weighted_sum`, data movement,
      `asr.fused_attention`), which layer-level ops decompose into and which
      the code generators implement.

    Every op implements `InferShapeOpInterface`: result types are a function
    of operand types and attributes. The frontend uses it to type ops as it
    builds them, and the verifier uses it to check them, so the same rule
    gives the same message wherever it fails. Messages name the rule
    (`in-features: ...: expected 80, got 40`).
  }];
  let cppNamespace = "::mlir::asr";
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

//===----------------------------------------------------------------------===//
// Enums
//===----------------------------------------------------------------------===//

def ASR_Activation : I32EnumAttr<"Activation", "an elementwise activation", [
    I32EnumAttrCase<"relu", 0>, I32EnumAttrCase<"gelu", 1>,
    I32EnumAttrCase<"gelu_tanh", 2>, I32EnumAttrCase<"tanh", 3>,
    I32EnumAttrCase<"sigmoid", 4>, I32EnumAttrCase<"silu", 5>]> {
  let cppNamespace = "::mlir::asr";
}

def ASR_ReduceKind : I32EnumAttr<"ReduceKind", "a reduction", [
    I32EnumAttrCase<"sum", 0>, I32EnumAttrCase<"max", 1>,
    I32EnumAttrCase<"mean", 2>]> {
  let cppNamespace = "::mlir::asr";
}

def ASR_ScoreKind : I32EnumAttr<"ScoreKind", "an attention score function", [
    I32EnumAttrCase<"dot", 0>, I32EnumAttrCase<"additive", 1>]> {
  let cppNamespace = "::mlir::asr";
}

def ASR_LuongMode : I32EnumAttr<"LuongMode", "a Luong attention score", [
    I32EnumAttrCase<"dot", 0>, I32EnumAttrCase<"general", 1>]> {
  let cppNamespace = "::mlir::asr";
}

def ASR_PositionStyle : I32EnumAttr<"PositionStyle",
    "the layout of a sinusoidal position table", [
    // sin(p / 10000^(2i/d)) at 2i and cos at 2i+1 (Vaswani et al., ESPnet).
    I32EnumAttrCase<"interleaved", 0>,
    // sin in the first d/2 channels, cos in the last d/2, timescales
    // 10000^(i/(d/2-1)) (Whisper).
    I32EnumAttrCase<"concat", 1>]> {
  let cppNamespace = "::mlir::asr";
}

def ASR_LogMelStyle : I32EnumAttr<"LogMelStyle",
    "the conventions of a log-mel front end", [
    // torch.stft(center=True, reflect) with a periodic Hann window, the last
    // frame dropped, librosa's Slaney mel filterbank, log10, clamp to the
    // utterance's max - 8, (x + 4) / 4 (Whisper's log_mel_spectrogram).
    I32EnumAttrCase<"whisper", 0>,
    // Kaldi's compute-fbank: snip_edges framing, DC offset removed,
    // pre-emphasis, Povey window, n_fft the window rounded up to a power of
    // two, 1127 ln(1 + f / 700) mel triangles, natural log; no dither.
    I32EnumAttrCase<"kaldi", 1>]> {
  let cppNamespace = "::mlir::asr";
}

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

def ASR_FloatTensor : RankedTensorOf<[F32, F16, BF16]>;
def ASR_IntTensor : RankedTensorOf<[I32, I64]>;
def ASR_Tensor : RankedTensorOf<[F32, F16, BF16, I32, I64]>;

#endif // ASR_DIALECT_TD
