//===- ASROps.td - asr dialect operations -----------------*- tablegen -*-===//
//
// Layer-level ops first, then kernel-level ops. Conventions:
//  * activations are channels-last: [batch, time, channels] (except conv2d,
//    which is NCHW as in PyTorch);
//  * weights use PyTorch's layouts (linear: [out, in], conv: [out, in/groups,
//    k...]) so a state_dict maps onto them unchanged;
//  * `lengths` operands are per-utterance valid lengths, tensor<Bxi32|i64>;
//    positions at or past the length are padding and are masked.
//
//===----------------------------------------------------------------------===//

#ifndef ASR_OPS_TD
#define ASR_OPS_TD

include "ASRDialect.td"
include "ASRInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

class ASR_Op<string mnemonic, list<Trait> traits = []>
    : Op<ASR_Dialect, mnemonic, !listconcat(traits,
          [Pure, DeclareOpInterfaceMethods<ASR_InferShapeOpInterface>])>;

//===----------------------------------------------------------------------===//
// Weights
//===----------------------------------------------------------------------===//

def ASR_WeightOp : ASR_Op<"weight"> {
  let summary = "a named weight tensor of the model";
  let description = [{
    Refers to the tensor `key` of the model's safetensors file. The frontend
    checks the name, dtype and shape against the file's header; the runtime
    binds the data once, at model creation.

    ```mlir
    %w = asr.weight "encoder.conv1.weight" : tensor<384x80x3xf32>
    ```
  }];
  let arguments = (ins StrAttr:$key);
  let results = (outs ASR_Tensor:$result);
  let assemblyFormat = "$key attr-dict `:` type($result)";
}

//===----------------------------------------------------------------------===//
// Layer-level ops
//===----------------------------------------------------------------------===//

def ASR_LogMelOp : ASR_Op<"log_mel"> {
  let summary = "log-mel features of raw audio (Whisper or Kaldi fbank conventions)";
  let description = [{
    `samples` [B, N] f32 (mono, at `sample_rate`) -> features [B, T, n_mels]:
    framing, window, power spectrum, mel filterbank, log and (Whisper)
    normalisation, in one of two conventions (`style`; docs/dialect.md,
    "The log-mel front end", has the formulas):

    * `whisper` (Whisper's `log_mel_spectrogram`): frames centred on
      `t * hop_length` with reflect padding of `n_fft / 2` samples, the
      last STFT frame dropped: T = N / hop_length. Periodic Hann window of
      `win_length` centred in `n_fft`; librosa's Slaney mel filterbank with
      Slaney normalisation; `log10(max(mel, 1e-10))`, then
      `(max(x, max_utterance - 8) + 4) / 4`, the max taken over the
      utterance's valid frames. Defaults: n_fft 400, win_length n_fft,
      hop_length 160, low_freq 0.
    * `kaldi` (Kaldi's `compute-fbank`, `snip_edges`, no dither): frames of
      `win_length` at `t * hop_length`: T = 1 + (N - win_length) /
      hop_length. Per frame: DC offset removed, pre-emphasis, Povey window,
      zero padding to `n_fft`; Kaldi's mel triangles on
      `1127 ln(1 + f / 700)` (the Nyquist bin unused);
      `ln(max(mel, FLT_EPSILON))`. Defaults: win_length 25 ms, hop_length
      10 ms, n_fft the window rounded up to a power of two, low_freq 20,
      preemphasis 0.97.

    `high_freq` > 0 is in Hz, <= 0 is an offset from the Nyquist frequency
    (Kaldi's convention; default 0: Nyquist). Samples are multiplied by
    `scale` first (Kaldi models trained on 16-bit samples: 32768). With
    `lengths` [B] (in samples), utterance b is its first `lengths[b]`
    samples: its frames are those of that signal alone (Whisper's reflect
    padding and max at its own end), and frames past its last are 0; its
    frame count is `asr.subsample_lengths` with kernel = stride =
    hop_length (whisper) or kernel = win_length, stride = hop_length
    (kaldi).

    ```mlir
    %mel = asr.log_mel whisper %audio lengths %len {n_mels = 80 : i64}
        : (tensor<?x480000xf32>, tensor<?xi32>) -> tensor<?x3000x80xf32>
    %fbank = asr.log_mel kaldi %audio {n_mels = 80 : i64, scale = 3.276800e+04 : f32}
        : (tensor<?x?xf32>) -> tensor<?x?x80xf32>
    ```
  }];
  let arguments = (ins RankedTensorOf<[F32]>:$samples, Optional<ASR_IntTensor>:$lengths,
      DefaultValuedAttr<ASR_LogMelStyle, "::mlir::asr::LogMelStyle::whisper">:$style,
      DefaultValuedAttr<I64Attr, "16000">:$sample_rate,
      DefaultValuedAttr<I64Attr, "80">:$n_mels,
      OptionalAttr<I64Attr>:$n_fft, OptionalAttr<I64Attr>:$win_length,
      OptionalAttr<I64Attr>:$hop_length, OptionalAttr<F32Attr>:$low_freq,
      OptionalAttr<F32Attr>:$high_freq, OptionalAttr<F32Attr>:$preemphasis,
      DefaultValuedAttr<F32Attr, "1.0f">:$scale);
  let results = (outs RankedTensorOf<[F32]>:$result);
  let assemblyFormat = [{
    $style $samples (`lengths` $lengths^)? attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    /// The attributes with the style's defaults filled in; high_freq in Hz.
    struct Config {
      bool kaldi = false;
      int64_t sampleRate = 16000, nMels = 80, nFft = 400, winLength = 400, hopLength = 160;
      double lowFreq = 0, highFreq = 8000, preemphasis = 0, scale = 1;
      /// Frames of a signal of `samples` samples (kDynamic stays dynamic).
      int64_t frames(int64_t samples) const;
    };
    Config getConfig();
  }];
}

def ASR_Conv1DOp : ASR_Op<"conv1d"> {
  let summary = "1-D convolution over time, channels-last";
  let description = [{
    `input` is [B, T, Cin], `weight` [Cout, Cin/groups, K] (PyTorch layout),
    `bias` [Cout]. The result is [B, T', Cout] with
    T' = floor((T + 2*padding - dilation*(K-1) - 1) / stride) + 1.

    ```mlir
    %y = asr.conv1d %x, %w bias %b {stride = 2, padding = 1}
        : (tensor<?x?x384xf32>, tensor<384x384x3xf32>, tensor<384xf32>)
        -> tensor<?x?x384xf32>
    ```
  }];
  let arguments = (ins ASR_FloatTensor:$input, ASR_FloatTensor:$weight,
      Optional<ASR_FloatTensor>:$bias,
      DefaultValuedAttr<I64Attr, "1">:$stride,
      DefaultValuedAttr<I64Attr, "0">:$padding,
      DefaultValuedAttr<I64Attr, "1">:$dilation,
      DefaultValuedAttr<I64Attr, "1">:$groups);
  let results = (outs ASR_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`bias` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

def ASR_Conv2DOp : ASR_Op<"conv2d"> {
  let summary = "2-D convolution, NCHW (subsampling front ends)";
  let description = [{
    `input` is [B, Cin, H, W] (for speech: H = time, W = features), `weight`
    [Cout, Cin/groups, KH, KW], `bias` [Cout]. `stride`, `padding` and
    `dilation` are [h, w] pairs.

    ```mlir
    %y = asr.conv2d %x, %w bias %b {stride = array<i64: 2, 2>}
        : (tensor<?x1x?x80xf32>, tensor<144x1x3x3xf32>, tensor<144xf32>)
        -> tensor<?x144x?x39xf32>
    ```
  }];
  let arguments = (ins ASR_FloatTensor:$input, ASR_FloatTensor:$weight,
      Optional<ASR_FloatTensor>:$bias,
      DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$stride,
      DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0}">:$padding,
      DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilation,
      DefaultValuedAttr<I64Attr, "1">:$groups);
  let results = (outs ASR_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`bias` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

def ASR_LinearOp : ASR_Op<"linear"> {
  let summary = "y = x W^T + b over the last dim";
  let description = [{
    `input` is [..., I], `weight` [O, I], `bias` [O]; the result is [..., O].

    ```mlir
    %y = asr.linear %x, %w bias %b
        : (tensor<?x?x384xf32>, tensor<1536x384xf32>, tensor<1536xf32>)
        -> tensor<?x?x1536xf32>
    ```
  }];
  let arguments = (ins ASR_FloatTensor:$input, ASR_FloatTensor:$weight,
      Optional<ASR_FloatTensor>:$bias);
  let results = (outs ASR_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`bias` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

def ASR_LayerNormOp : ASR_Op<"layer_norm"> {
  let summary = "layer normalization over the last dim";
  let description = [{
    `(x - mean) / sqrt(var + epsilon) * gamma + beta` over the last dim D;
    `gamma` and `beta` are [D].

    ```mlir
    %y = asr.layer_norm %x, %g, %b {epsilon = 1.0e-05 : f32}
        : (tensor<?x?x384xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<?x?x384xf32>
    ```
  }];
  let arguments = (ins ASR_FloatTensor:$input, ASR_FloatTensor:$gamma,
      ASR_FloatTensor:$beta,
      DefaultValuedAttr<F32Attr, "1.0e-5f">:$epsilon);
  let results = (outs ASR_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $gamma `,` $beta attr-dict `:` functional-type(operands, results)
  }];
}

def ASR_BatchNormOp : ASR_Op<"batch_norm"> {
  let summary = "inference-mode batch normalization over the last dim";
  let description = [{
    `(x - mean) / sqrt(var + epsilon) * gamma + beta` with running
    statistics; all four parameters are [C] and C is the last dim
    (channels-last, as in a Conformer convolution module).

    ```mlir
    %y = asr.batch_norm %x, %m, %v, %g, %b {epsilon = 1.0e-05 : f32}
        : (tensor<?x?x144xf32>, tensor<144xf32>, tensor<144xf32>, tensor<144xf32>, tensor<144xf32>)
        -> tensor<?x?x144xf32>
    ```
  }];
  let arguments = (ins ASR_FloatTensor:$input, ASR_FloatTensor:$mean,
      ASR_FloatTensor:$variance, ASR_FloatTensor:$gamma, ASR_FloatTensor:$beta,
      DefaultValuedAttr<F32Attr, "1.0e-5f">:$epsilon);
  let results = (outs ASR_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $mean `,` $variance `,` $gamma `,` $beta attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Elementwise ops (activations are layer-level and kernel-level at once)
//===----------------------------------------------------------------------===//

class ASR_UnaryOp<string mnemonic, string formula, list<Trait> traits = []>
    : ASR_Op<mnemonic, !listconcat(traits, [SameOperandsAndResultType])> {
  let summary = "elementwise " # formula;
  let description = [{
    Applies }] # formula # [{ to every element.

    ```mlir
    %y = asr.}] # mnemonic # [{ %x : tensor<?x?x384xf32>
    ```
  }];
  let arguments = (ins ASR_FloatTensor:$input);
  let results = (outs ASR_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferResultTypes(
        ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      inferred.push_back(getInput().getType());
      return ::mlir::success();
    }
  }];
}

def ASR_ReluOp : ASR_UnaryOp<"relu", "max(x, 0)">;
def ASR_GeluOp : ASR_UnaryOp<"gelu", "x * Phi(x) (erf form)">;
def ASR_GeluTanhOp : ASR_UnaryOp<"gelu_tanh", "the tanh approximation of gelu">;
def ASR_TanhOp : ASR_UnaryOp<"tanh", "tanh(x)">;
def ASR_SigmoidOp : ASR_UnaryOp<"sigmoid", "1 / (1 + exp(-x))">;
def ASR_SiluOp : ASR_UnaryOp<"silu", "x * sigmoid(x)">;
def ASR_ExpOp : ASR_UnaryOp<"exp", "exp(x)">;
def ASR_LogOp : ASR_UnaryOp<"log", "log(x)">;
def ASR_NegOp : ASR_UnaryOp<"neg", "-x">;
def ASR_SqrtOp : ASR_UnaryOp<"sqrt", "sqrt(x)">;
def ASR_RsqrtOp : ASR_UnaryOp<"rsqrt", "1 / sqrt(x)">;

def ASR_ScaleOp : ASR_Op<"scale", [SameOperandsAndResultType]> {
  let summary = "elementwise multiplication by a constant";
  let description = [{
    `x * factor`. Kept apart from `asr.mul` so that the attention score scale
    and residual scales (Conformer's half-step feed-forward) are visible to
    pattern matching.

    ```mlir
    %y = asr.scale %x {factor = 5.000000e-01 : f32} : tensor<?x?x144xf32>
    ```
  }];
  let arguments = (ins ASR_FloatTensor:$input, F32Attr:$factor);
  let results = (outs ASR_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
}

def ASR_GluOp : ASR_Op<"glu"> {
  let summary = "gated linear unit: a * sigmoid(b) over halves of an axis";
  let description = [{
    Splits `axis` into halves a and b and returns `a * sigmoid(b)`; the
    axis must have an even size.

    ```mlir
    %y = asr.glu %x {axis = -1 : i64} : (tensor<?x?x288xf32>) -> tensor<?x?x144xf32>
    ```
  }];
  let arguments = (ins ASR_FloatTensor:$input,
      DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs ASR_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

class ASR_BinaryOp<string mnemonic, string formula>
    : ASR_Op<mnemonic, [SameOperandsElementType]> {
  let summary = "elementwise " # formula # " with broadcasting";
  let description = [{
    Computes }] # formula # [{ elementwise. Shapes broadcast as in NumPy:
    aligned from the last dim, a dim of size 1 stretches to the other.
    Integer tensors are allowed (length arithmetic).

    ```mlir
    %z = asr.}] # mnemonic # [{ %x, %y
        : (tensor<?x?x384xf32>, tensor<384xf32>) -> tensor<?x?x384xf32>
    ```
  }];
  let arguments = (ins ASR_Tensor:$lhs, ASR_Tensor:$rhs);
  let results = (outs ASR_Tensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferResultTypes(
        ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      return ::mlir::asr::inferBroadcastResult(*this, getLhs(), getRhs(), inferred);
    }
  }];
}

def ASR_AddOp : ASR_BinaryOp<"add", "lhs + rhs">;
def ASR_SubOp : ASR_BinaryOp<"sub", "lhs - rhs">;
def ASR_MulOp : ASR_BinaryOp<"mul", "lhs * rhs">;
def ASR_DivOp : ASR_BinaryOp<"div", "lhs / rhs">;
def ASR_MaxOp : ASR_BinaryOp<"max", "max(lhs, rhs)">;

//===----------------------------------------------------------------------===//
// Recurrent layers
//===----------------------------------------------------------------------===//

def ASR_LSTMOp : ASR_Op<"lstm", [AttrSizedOperandSegments]> {
  let summary = "a uni- or bidirectional LSTM layer over time";
  let description = [{
    `input` is [B, T, I]; the result is [B, T, H] or [B, T, 2H] when
    bidirectional (forward then backward features, as PyTorch). With
    `lengths`, each utterance runs over its own length only (a packed
    sequence): the backward direction starts at its last valid frame and
    padded frames of the result are zero. Gates in PyTorch order (i, f, g,
    o): `w_ih` [4H, I], `w_hh` [4H, H], biases [4H]. `reverse` holds the
    backward direction's four tensors, in the same order.

    ```mlir
    %y = asr.lstm %x lengths %len weights(%wih, %whh, %bih, %bhh)
        reverse(%rwih, %rwhh, %rbih, %rbhh)
        : (tensor<?x?x80xf32>, tensor<?xi32>, tensor<1024x80xf32>, tensor<1024x256xf32>,
           tensor<1024xf32>, tensor<1024xf32>, tensor<1024x80xf32>, tensor<1024x256xf32>,
           tensor<1024xf32>, tensor<1024xf32>) -> tensor<?x?x512xf32>
    ```
  }];
  let arguments = (ins ASR_FloatTensor:$input, Optional<ASR_IntTensor>:$lengths,
      Variadic<ASR_FloatTensor>:$weights,
      Variadic<ASR_FloatTensor>:$reverse);
  let results = (outs ASR_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`lengths` $lengths^)? `weights` `(` $weights `)`
    (`reverse` `(` $reverse^ `)`)? attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    bool isBidirectional() { return !getReverse().empty(); }
  }];
}

def ASR_GRUOp : ASR_Op<"gru", [AttrSizedOperandSegments]> {
  let summary = "a uni- or bidirectional GRU layer over time";
  let description = [{
    As `asr.lstm`, with PyTorch's GRU gates (r, z, n): `w_ih` [3H, I],
    `w_hh` [3H, H], biases [3H].

    ```mlir
    %y = asr.gru %x weights(%wih, %whh, %bih, %bhh)
        : (tensor<?x?x80xf32>, tensor<768x80xf32>, tensor<768x256xf32>,
           tensor<768xf32>, tensor<768xf32>) -> tensor<?x?x256xf32>
    ```
  }];
  let arguments = (ins ASR_FloatTensor:$input, Optional<ASR_IntTensor>:$lengths,
      Variadic<ASR_FloatTensor>:$weights,
      Variadic<ASR_FloatTensor>:$reverse);
  let results = (outs ASR_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`lengths` $lengths^)? `weights` `(` $weights `)`
    (`reverse` `(` $reverse^ `)`)? attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    bool isBidirectional() { return !getReverse().empty(); }
  }];
}

def ASR_LSTMCellOp : ASR_Op<"lstm_cell"> {
  let summary = "one LSTM step (decoders)";
  let description = [{
    `input` [B, I], `h` and `c` [B, H]; weights as `asr.lstm`. Returns the
    new hidden and cell states.

    ```mlir
    %h1, %c1 = asr.lstm_cell %x, %h, %c weights(%wih, %whh, %bih, %bhh)
        : (tensor<?x320xf32>, tensor<?x256xf32>, tensor<?x256xf32>, tensor<1024x320xf32>,
           tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>)
        -> (tensor<?x256xf32>, tensor<?x256xf32>)
    ```
  }];
  let arguments = (ins ASR_FloatTensor:$input, ASR_FloatTensor:$h,
      ASR_FloatTensor:$c, ASR_FloatTensor:$w_ih, ASR_FloatTensor:$w_hh,
      ASR_FloatTensor:$b_ih, ASR_FloatTensor:$b_hh);
  let results = (outs ASR_FloatTensor:$h_out, ASR_FloatTensor:$c_out);
  let assemblyFormat = [{
    $input `,` $h `,` $c `weights` `(` $w_ih `,` $w_hh `,` $b_ih `,` $b_hh `)`
    attr-dict `:` functional-type(operands, results)
  }];
}

def ASR_GRUCellOp : ASR_Op<"gru_cell"> {
  let summary = "one GRU step (decoders)";
  let description = [{
    `input` [B, I], `h` [B, H]; weights as `asr.gru`. Returns the new state.

    ```mlir
    %h1 = asr.gru_cell %x, %h weights(%wih, %whh, %bih, %bhh)
        : (tensor<?x64xf32>, tensor<?x128xf32>, tensor<384x64xf32>, tensor<384x128xf32>,
           tensor<384xf32>, tensor<384xf32>) -> tensor<?x128xf32>
    ```
  }];
  let arguments = (ins ASR_FloatTensor:$input, ASR_FloatTensor:$h,
      ASR_FloatTensor:$w_ih, ASR_FloatTensor:$w_hh,
      ASR_FloatTensor:$b_ih, ASR_FloatTensor:$b_hh);
  let results = (outs ASR_FloatTensor:$h_out);
  let assemblyFormat = [{
    $input `,` $h `weights` `(` $w_ih `,` $w_hh `,` $b_ih `,` $b_hh `)`
    attr-dict `:` functional-type(operands, results)
  }];
}

def ASR_FrameConcatOp : ASR_Op<"frame_concat"> {
  let summary = "pyramidal downsampling: concatenate `factor` adjacent frames";
  let description = [{
    [B, T, C] -> [B, floor(T / factor), C * factor], as between the layers
    of a pyramidal BLSTM (Listen-Attend-Spell). Trailing frames that do not
    fill a group are dropped.

    ```mlir
    %y = asr.frame_concat %x {factor = 2 : i64} : (tensor<?x?x512xf32>) -> tensor<?x?x1024xf32>
    ```
  }];
  let arguments = (ins ASR_FloatTensor:$input, I64Attr:$factor);
  let results = (outs ASR_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def ASR_SubsampleLengthsOp : ASR_Op<"subsample_lengths", [SameOperandsAndResultType]> {
  let summary = "lengths after a strided convolution or frame grouping";
  let description = [{
    Maps per-utterance lengths through a convolution with the given kernel,
    stride, padding and dilation:
    `floor((L + 2*padding - dilation*(kernel-1) - 1) / stride) + 1`, clamped
    at 0. `asr.frame_concat` with factor f is kernel = stride = f.

    ```mlir
    %l2 = asr.subsample_lengths %len {kernel = 3 : i64, stride = 2 : i64, padding = 1 : i64}
        : tensor<?xi32>
    ```
  }];
  let arguments = (ins ASR_IntTensor:$lengths, I64Attr:$kernel,
      DefaultValuedAttr<I64Attr, "1">:$stride,
      DefaultValuedAttr<I64Attr, "0">:$padding,
      DefaultValuedAttr<I64Attr, "1">:$dilation);
  let results = (outs ASR_IntTensor:$result);
  let assemblyFormat = "$lengths attr-dict `:` type($result)";
}

//===----------------------------------------------------------------------===//
// Positions and embeddings
//===----------------------------------------------------------------------===//

def ASR_SinusoidalPositionOp : ASR_Op<"sinusoidal_position"> {
  let summary = "adds a sinusoidal position encoding";
  let description = [{
    `input` [B, T, D] plus the sinusoidal table row for positions
    `offset + t` (offset 0 without the operand; with it, a [B] tensor of
    per-utterance start positions, for decode steps). `style` picks the
    table layout (`interleaved`: Vaswani; `concat`: Whisper). D is even.

    ```mlir
    %y = asr.sinusoidal_position concat %x : (tensor<?x?x384xf32>) -> tensor<?x?x384xf32>
    ```
  }];
  let arguments = (ins ASR_FloatTensor:$input, Optional<ASR_IntTensor>:$offset,
      DefaultValuedAttr<ASR_PositionStyle, "::mlir::asr::PositionStyle::interleaved">:$style);
  let results = (outs ASR_FloatTensor:$result);
  let assemblyFormat = [{
    $style $input (`offset` $offset^)? attr-dict `:` functional-type(operands, results)
  }];
}

def ASR_LearnedPositionOp : ASR_Op<"learned_position"> {
  let summary = "adds a learned position embedding";
  let description = [{
    `input` [B, T, D] plus `table[offset + t]`, `table` [N, D]. `offset` is
    as in `asr.sinusoidal_position`. Positions past N are an error at run
    time.

    ```mlir
    %y = asr.learned_position %x, %table offset %pos
        : (tensor<?x1x384xf32>, tensor<448x384xf32>, tensor<?xi32>) -> tensor<?x1x384xf32>
    ```
  }];
  let arguments = (ins ASR_FloatTensor:$input, ASR_FloatTensor:$table,
      Optional<ASR_IntTensor>:$offset);
  let results = (outs ASR_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $table (`offset` $offset^)? attr-dict `:` functional-type(operands, results)
  }];
}

def ASR_EmbeddingOp : ASR_Op<"embedding"> {
  let summary = "token embedding lookup";
  let description = [{
    `tokens` [...] of integer ids, `table` [V, D]; the result is [..., D].
    Ids outside [0, V) are an error at run time.

    ```mlir
    %e = asr.embedding %tok, %table : (tensor<?x?xi32>, tensor<51865x384xf32>) -> tensor<?x?x384xf32>
    ```
  }];
  let arguments = (ins ASR_IntTensor:$tokens, ASR_FloatTensor:$table);
  let results = (outs ASR_FloatTensor:$result);
  let assemblyFormat = "$tokens `,` $table attr-dict `:` functional-type(operands, results)";
}

def ASR_FeedForwardOp : ASR_Op<"feed_forward", [AttrSizedOperandSegments]> {
  let summary = "linear -> activation -> linear";
  let description = [{
    `linear(act(linear(x, w1, b1)), w2, b2)`, `w1` [F, D], `w2` [D', F].
    The residual connection and pre-norm are separate ops.

    ```mlir
    %y = asr.feed_forward gelu %x, %w1 bias %b1, %w2 bias %b2
        : (tensor<?x?x384xf32>, tensor<1536x384xf32>, tensor<1536xf32>,
           tensor<384x1536xf32>, tensor<384xf32>) -> tensor<?x?x384xf32>
    ```
  }];
  let arguments = (ins ASR_FloatTensor:$input, ASR_FloatTensor:$w1,
      Optional<ASR_FloatTensor>:$b1, ASR_FloatTensor:$w2,
      Optional<ASR_FloatTensor>:$b2,
      DefaultValuedAttr<ASR_Activation, "::mlir::asr::Activation::relu">:$activation);
  let results = (outs ASR_FloatTensor:$result);
  let assemblyFormat = [{
    $activation $input `,` $w1 (`bias` $b1^)? `,` $w2 (`bias` $b2^)? attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Attention layers
//===----------------------------------------------------------------------===//

def ASR_MultiHeadAttentionOp : ASR_Op<"multi_head_attention",
                                      [AttrSizedOperandSegments]> {
  let summary = "multi-head scaled dot-product attention with projections";
  let description = [{
    Self-attention when `key_value` is the query's own input, cross-attention
    when it is the encoder output. `query` [B, Lq, D], `key_value`
    [B, Lk, Dkv]; projections `wq` [D, D], `wk` and `wv` [D, Dkv], `wo`
    [D, D] with optional biases [D]. D splits into `num_heads` heads.
    `key_lengths` [B] masks padded keys; `causal` masks key j > query i.
    Scores are scaled by 1/sqrt(D / num_heads).

    ```mlir
    %y = asr.multi_head_attention %x, %x weights(%wq, %wk, %wv, %wo)
        biases(%bq, %bv, %bo) {num_heads = 6 : i64, has_bias = array<i1: true, false, true, true>}
        : (...) -> tensor<?x?x384xf32>
    ```
    The `has_bias` flags say which of (q, k, v, o) have a bias operand, in
    that order (Whisper's key projection has none).
  }];
  let arguments = (ins ASR_FloatTensor:$query, ASR_FloatTensor:$key_value,
      Optional<ASR_IntTensor>:$key_lengths,
      Variadic<ASR_FloatTensor>:$weights, Variadic<ASR_FloatTensor>:$biases,
      I64Attr:$num_heads,
      DefaultValuedAttr<DenseBoolArrayAttr, "{true, true, true, true}">:$has_bias,
      UnitAttr:$causal);
  let results = (outs ASR_FloatTensor:$result);
  let assemblyFormat = [{
    $query `,` $key_value (`key_lengths` $key_lengths^)? `weights` `(` $weights `)`
    (`biases` `(` $biases^ `)`)? attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    /// The bias of projection `i` (0 = q, 1 = k, 2 = v, 3 = o), or null.
    ::mlir::Value getBias(unsigned i);
  }];
}

def ASR_ScaledDotProductAttentionOp : ASR_Op<"sdpa"> {
  let summary = "multi-head scaled dot-product attention without projections";
  let description = [{
    `query` [B, Lq, H*D], `key` [B, Lk, H*D], `value` [B, Lk, H*Dv] are
    split into `num_heads` heads; the result is [B, Lq, H*Dv]. `scale`
    defaults to 1/sqrt(D). Masks as in `asr.multi_head_attention`. Decoders
    with a key/value cache call it on the cache, with `key_lengths` set to
    the number of valid cache entries.

    ```mlir
    %y = asr.sdpa %q, %k, %v key_lengths %n {num_heads = 6 : i64}
        : (tensor<?x1x384xf32>, tensor<?x448x384xf32>, tensor<?x448x384xf32>, tensor<?xi32>)
        -> tensor<?x1x384xf32>
    ```
  }];
  let arguments = (ins ASR_FloatTensor:$query, ASR_FloatTensor:$key,
      ASR_FloatTensor:$value, Optional<ASR_IntTensor>:$key_lengths,
      I64Attr:$num_heads, OptionalAttr<F32Attr>:$scale, UnitAttr:$causal);
  let results = (outs ASR_FloatTensor:$result);
  let assemblyFormat = [{
    $query `,` $key `,` $value (`key_lengths` $key_lengths^)? attr-dict `:` functional-type(operands, results)
  }];
}

def ASR_AdditiveAttentionOp : ASR_Op<"additive_attention",
                                     [AttrSizedOperandSegments]> {
  let summary = "Bahdanau attention for one decoder step";
  let description = [{
    score_t = v^T tanh(W_q q + W_k k_t + b); p = softmax over t (padded
    keys masked); output = sum_t p_t value_t. `query` [B, Dq], `keys`
    [B, T, Dk], `values` [B, T, Dv] (the keys when absent), `w_query`
    [A, Dq], `w_key` [A, Dk], `bias` [A], `v` [A]. Results: the context
    [B, Dv] and the alignment p [B, T].

    ```mlir
    %ctx, %p = asr.additive_attention %s, %h key_lengths %len
        weights(%wq, %wk, %v) bias %b
        : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<?xi32>, tensor<128x256xf32>,
           tensor<128x512xf32>, tensor<128xf32>, tensor<128xf32>)
        -> (tensor<?x512xf32>, tensor<?x?xf32>)
    ```
  }];
  let arguments = (ins ASR_FloatTensor:$query, ASR_FloatTensor:$keys,
      Optional<ASR_FloatTensor>:$values, Optional<ASR_IntTensor>:$key_lengths,
      ASR_FloatTensor:$w_query, ASR_FloatTensor:$w_key, ASR_FloatTensor:$v,
      Optional<ASR_FloatTensor>:$bias);
  let results = (outs ASR_FloatTensor:$output, ASR_FloatTensor:$alignment);
  let assemblyFormat = [{
    $query `,` $keys (`values` $values^)? (`key_lengths` $key_lengths^)?
    `weights` `(` $w_query `,` $w_key `,` $v `)` (`bias` $bias^)?
    attr-dict `:` functional-type(operands, results)
  }];
}

def ASR_LocationAttentionOp : ASR_Op<"location_attention",
                                     [AttrSizedOperandSegments]> {
  let summary = "location-aware (Chorowski) attention for one decoder step";
  let description = [{
    Additive attention plus location features from the previous step's
    alignment: f = conv(prev_alignment, `filter`) with `filter` [C, 1, K]
    (K odd, same padding), and score_t = v^T tanh(W_q q + W_k k_t +
    W_f f_t + b) with `w_location` [A, C]. Other operands as
    `asr.additive_attention`; `prev_alignment` is [B, T]. The alignment
    result is the next step's `prev_alignment`.

    ```mlir
    %ctx, %p = asr.location_attention %s, %h, %prev key_lengths %len
        weights(%wq, %wk, %wf, %f, %v) bias %b : (...) -> (tensor<?x512xf32>, tensor<?x?xf32>)
    ```
  }];
  let arguments = (ins ASR_FloatTensor:$query, ASR_FloatTensor:$keys,
      ASR_FloatTensor:$prev_alignment,
      Optional<ASR_FloatTensor>:$values, Optional<ASR_IntTensor>:$key_lengths,
      ASR_FloatTensor:$w_query, ASR_FloatTensor:$w_key,
      ASR_FloatTensor:$w_location, ASR_FloatTensor:$filter,
      ASR_FloatTensor:$v, Optional<ASR_FloatTensor>:$bias);
  let results = (outs ASR_FloatTensor:$output, ASR_FloatTensor:$alignment);
  let assemblyFormat = [{
    $query `,` $keys `,` $prev_alignment (`values` $values^)? (`key_lengths` $key_lengths^)?
    `weights` `(` $w_query `,` $w_key `,` $w_location `,` $filter `,` $v `)` (`bias` $bias^)?
    attr-dict `:` functional-type(operands, results)
  }];
}

def ASR_LuongAttentionOp : ASR_Op<"luong_attention",
                                  [AttrSizedOperandSegments]> {
  let summary = "dot or general (Luong) attention for one decoder step";
  let description = [{
    score_t = q . k_t (`dot`) or q . (W k_t) (`general`, `weight` [Dq, Dk]);
    softmax over t with padded keys masked; output = sum_t p_t value_t.
    `query` [B, Dq], `keys` [B, T, Dk]. Results: context [B, Dv] and
    alignment [B, T].

    ```mlir
    %ctx, %p = asr.luong_attention general %s, %h weight %w
        : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<256x512xf32>)
        -> (tensor<?x512xf32>, tensor<?x?xf32>)
    ```
  }];
  let arguments = (ins ASR_FloatTensor:$query, ASR_FloatTensor:$keys,
      Optional<ASR_FloatTensor>:$values, Optional<ASR_IntTensor>:$key_lengths,
      Optional<ASR_FloatTensor>:$weight,
      DefaultValuedAttr<ASR_LuongMode, "::mlir::asr::LuongMode::dot">:$mode);
  let results = (outs ASR_FloatTensor:$output, ASR_FloatTensor:$alignment);
  let assemblyFormat = [{
    $mode $query `,` $keys (`values` $values^)? (`key_lengths` $key_lengths^)?
    (`weight` $weight^)? attr-dict `:` functional-type(operands, results)
  }];
}

def ASR_ContentAttentionOp : ASR_Op<"content_attention"> {
  let summary = "content attention pooling: a_t = w . h_t + b";
  let description = [{
    The attention of the original write-up: one score per frame,
    a_t = w . h_t + b, p = softmax over time (padded frames masked), and the
    context c = sum_t p_t h_t. `input` [B, T, D], `w` [1, D], `b` [1].
    Results: context [B, D] and alignment [B, T].

    ```mlir
    %c, %p = asr.content_attention %h, %w, %b lengths %len
        : (tensor<?x?x256xf32>, tensor<1x256xf32>, tensor<1xf32>, tensor<?xi32>)
        -> (tensor<?x256xf32>, tensor<?x?xf32>)
    ```
  }];
  let arguments = (ins ASR_FloatTensor:$input, ASR_FloatTensor:$w,
      ASR_FloatTensor:$b, Optional<ASR_IntTensor>:$lengths);
  let results = (outs ASR_FloatTensor:$output, ASR_FloatTensor:$alignment);
  let assemblyFormat = [{
    $input `,` $w `,` $b (`lengths` $lengths^)? attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Kernel-level ops
//===----------------------------------------------------------------------===//

def ASR_MatmulOp : ASR_Op<"matmul", [SameOperandsAndResultElementType]> {
  let summary = "batched matrix multiplication with transpose flags";
  let description = [{
    `lhs` [..., M, K] (or [..., K, M] with `transpose_lhs`), `rhs` [..., K, N]
    (or [..., N, K] with `transpose_rhs`); leading batch dims broadcast.
    The result is [..., M, N].

    ```mlir
    %c = asr.matmul %a, %b {transpose_rhs}
        : (tensor<?x?x384xf32>, tensor<1536x384xf32>) -> tensor<?x?x1536xf32>
    ```
  }];
  let arguments = (ins ASR_FloatTensor:$lhs, ASR_FloatTensor:$rhs,
      UnitAttr:$transpose_lhs, UnitAttr:$transpose_rhs);
  let results = (outs ASR_FloatTensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
}

def ASR_ReduceOp : ASR_Op<"reduce", [SameOperandsAndResultElementType]> {
  let summary = "sum, max or mean over axes";
  let description = [{
    Reduces `axes` (negative counts from the end) with `kind`; reduced dims
    are kept as size 1 with `keep_dims`, dropped otherwise.

    ```mlir
    %m = asr.reduce max %x {axes = array<i64: -1>, keep_dims}
        : (tensor<?x6x?x?xf32>) -> tensor<?x6x?x1xf32>
    ```
  }];
  let arguments = (ins ASR_FloatTensor:$input, ASR_ReduceKind:$kind,
      DenseI64ArrayAttr:$axes, UnitAttr:$keep_dims);
  let results = (outs ASR_FloatTensor:$result);
  let assemblyFormat = "$kind $input attr-dict `:` functional-type(operands, results)";
}

def ASR_SoftmaxOp : ASR_Op<"softmax"> {
  let summary = "softmax over the last axis, with optional padding and causal masks";
  let description = [{
    `input` is [B, ..., Lq, Lk] (rank >= 2); the softmax runs over Lk.
    With `lengths` [B], keys at or past `lengths[b]` get probability 0; with
    `causal`, key j > query i does (queries are the second-to-last dim).
    A row whose keys are all masked is all zero.

    ```mlir
    %p = asr.softmax %s lengths %len {causal} : (tensor<?x6x?x?xf32>, tensor<?xi32>) -> tensor<?x6x?x?xf32>
    ```
  }];
  let arguments = (ins ASR_FloatTensor:$input, Optional<ASR_IntTensor>:$lengths,
      UnitAttr:$causal);
  let results = (outs ASR_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`lengths` $lengths^)? attr-dict `:` functional-type(operands, results)
  }];
}

def ASR_LogSoftmaxOp : ASR_Op<"log_softmax", [SameOperandsAndResultType]> {
  let summary = "log-softmax over an axis (CTC and decoder heads)";
  let description = [{
    ```mlir
    %y = asr.log_softmax %x {axis = -1 : i64} : tensor<?x?x32xf32>
    ```
  }];
  let arguments = (ins ASR_FloatTensor:$input,
      DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs ASR_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
}

def ASR_AttentionScoreOp : ASR_Op<"attention_score",
                                   [AttrSizedOperandSegments]> {
  let summary = "attention scores of every query against every key";
  let description = [{
    * `dot`: `query` [..., Lq, D], `key` [..., Lk, D] ->
      [..., Lq, Lk], `scale * q . k`.
    * `additive`: `query` [B, Lq, A] and `key` [B, Lk, A] are already
      projected; `v` [A] and optional `bias` [A]:
      `v . tanh(q + k + bias)` -> [B, Lq, Lk] (`scale` must be 1).

    ```mlir
    %s = asr.attention_score dot %q, %k {scale = 1.250000e-01 : f32}
        : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x?xf32>
    ```
  }];
  let arguments = (ins ASR_ScoreKind:$kind, ASR_FloatTensor:$query,
      ASR_FloatTensor:$key, Optional<ASR_FloatTensor>:$v,
      Optional<ASR_FloatTensor>:$bias,
      DefaultValuedAttr<F32Attr, "1.0f">:$scale);
  let results = (outs ASR_FloatTensor:$result);
  let assemblyFormat = [{
    $kind $query `,` $key (`v` $v^)? (`bias` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

def ASR_WeightedSumOp : ASR_Op<"weighted_sum", [SameOperandsElementType]> {
  let summary = "attention-weighted sum of values";
  let description = [{
    `probs` [..., Lq, Lk], `values` [..., Lk, Dv] -> [..., Lq, Dv]:
    out[q] = sum_k probs[q, k] * values[k]. Leading dims broadcast.

    ```mlir
    %o = asr.weighted_sum %p, %v : (tensor<?x6x?x?xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x64xf32>
    ```
  }];
  let arguments = (ins ASR_FloatTensor:$probs, ASR_FloatTensor:$values);
  let results = (outs ASR_FloatTensor:$result);
  let assemblyFormat = "$probs `,` $values attr-dict `:` functional-type(operands, results)";
}

def ASR_FusedAttentionOp : ASR_Op<"fused_attention",
                                  [AttrSizedOperandSegments]> {
  let summary = "score -> mask -> softmax -> weighted sum in one kernel";
  let description = [{
    Created by `asr-fuse-attention`. Computes the attention output with an
    online softmax, never holding the [Lq, Lk] score matrix.

    * `dot`: `query` [B, H, Lq, D], `key` [B, H, Lk, D], `value`
      [B, H, Lk, Dv] -> [B, H, Lq, Dv]. The query's B and H may each be a
      static 1 that broadcasts over the keys' (one query for every
      utterance: content attention's score weight `w` as [1, 1, 1, D]
      against the frames [B, 1, T, D]); any other size must be the keys'
      (`batch` / `heads` rules). Key and value never broadcast.
    * `additive`: `query` [B, Lq, A], `key` [B, Lk, A] (projected),
      `value` [B, Lk, Dv], `v` [A], optional `bias` [A] -> [B, Lq, Dv].

    `key_lengths` [B] and `causal` mask as in `asr.softmax`. With
    `return_probs` a second result holds the probabilities (for
    alignments that are returned or fed back, as in location-aware
    attention).

    ```mlir
    %o = asr.fused_attention dot %q, %k, %v key_lengths %len {scale = 1.250000e-01 : f32}
        : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>, tensor<?xi32>)
        -> tensor<?x6x?x64xf32>
    ```
  }];
  let arguments = (ins ASR_ScoreKind:$kind, ASR_FloatTensor:$query,
      ASR_FloatTensor:$key, ASR_FloatTensor:$value,
      Optional<ASR_IntTensor>:$key_lengths, Optional<ASR_FloatTensor>:$v,
      Optional<ASR_FloatTensor>:$bias,
      DefaultValuedAttr<F32Attr, "1.0f">:$scale, UnitAttr:$causal,
      UnitAttr:$return_probs);
  let results = (outs ASR_FloatTensor:$result, Optional<ASR_FloatTensor>:$probs);
  let assemblyFormat = [{
    $kind $query `,` $key `,` $value (`key_lengths` $key_lengths^)? (`v` $v^)? (`bias` $bias^)?
    attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

def ASR_TransposeOp : ASR_Op<"transpose", [SameOperandsAndResultElementType]> {
  let summary = "permutes dims";
  let description = [{
    result dim i is input dim `perm[i]`.

    ```mlir
    %y = asr.transpose %x {perm = array<i64: 0, 2, 1, 3>}
        : (tensor<?x?x6x64xf32>) -> tensor<?x6x?x64xf32>
    ```
  }];
  let arguments = (ins ASR_Tensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs ASR_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def ASR_ReshapeOp : ASR_Op<"reshape", [SameOperandsAndResultElementType]> {
  let summary = "reshapes with copy (0) and inferred (-1) dims";
  let description = [{
    `shape` gives the result dims: a positive size, 0 to keep the input's
    dim at the same index, or -1 (at most once) for the size that keeps the
    element count. This handles dynamic batch and time dims: splitting heads
    is `shape = [0, 0, 6, 64]`, merging them `[0, 0, -1]`.

    ```mlir
    %y = asr.reshape %x {shape = array<i64: 0, 0, 6, 64>}
        : (tensor<?x?x384xf32>) -> tensor<?x?x6x64xf32>
    ```
  }];
  let arguments = (ins ASR_Tensor:$input, DenseI64ArrayAttr:$shape);
  let results = (outs ASR_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def ASR_ConcatOp : ASR_Op<"concat", [SameOperandsAndResultElementType]> {
  let summary = "concatenates along an axis";
  let description = [{
    ```mlir
    %y = asr.concat %a, %b {axis = -1 : i64}
        : (tensor<?x64xf32>, tensor<?x256xf32>) -> tensor<?x320xf32>
    ```
  }];
  let arguments = (ins Variadic<ASR_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs ASR_Tensor:$result);
  let assemblyFormat = "$inputs attr-dict `:` functional-type(operands, results)";
}

def ASR_SliceOp : ASR_Op<"slice", [SameOperandsAndResultElementType]> {
  let summary = "a strided slice of one axis";
  let description = [{
    Elements `start, start + step, ...` below `end` of `axis`. `end` = -1
    means the end of the axis; starts and ends are clamped to it.

    ```mlir
    %y = asr.slice %x {axis = 1 : i64, start = 0 : i64, end = -1 : i64, step = 2 : i64}
        : (tensor<?x?x80xf32>) -> tensor<?x?x80xf32>
    ```
  }];
  let arguments = (ins ASR_Tensor:$input, I64Attr:$axis, I64Attr:$start,
      DefaultValuedAttr<I64Attr, "-1">:$end,
      DefaultValuedAttr<I64Attr, "1">:$step);
  let results = (outs ASR_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def ASR_UpdateSliceOp : ASR_Op<"update_slice"> {
  let summary = "writes `update` into `dest` at a per-utterance position";
  let description = [{
    `dest` [B, L, ...], `update` [B, n, ...], `position` [B]: the result is
    `dest` with rows `position[b] .. position[b] + n` of utterance b
    replaced (`axis` 1). Decoders use it to append to key/value caches; the
    buffer planner makes it in place.

    ```mlir
    %k1 = asr.update_slice %cache, %k, %pos
        : (tensor<?x448x384xf32>, tensor<?x1x384xf32>, tensor<?xi32>) -> tensor<?x448x384xf32>
    ```
  }];
  let arguments = (ins ASR_Tensor:$dest, ASR_Tensor:$update,
      ASR_IntTensor:$position);
  let results = (outs ASR_Tensor:$result);
  let assemblyFormat = "$dest `,` $update `,` $position attr-dict `:` functional-type(operands, results)";
}

#endif // ASR_OPS_TD
