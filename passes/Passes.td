//===- Passes.td - asr passes -----------------------------*- tablegen -*-===//
#ifndef ASR_PASSES_TD
#define ASR_PASSES_TD

include "mlir/Pass/PassBase.td"

def InferShapes : Pass<"asr-infer-shapes", "::mlir::ModuleOp"> {
  let summary = "Refine result types of asr ops from their shape rules";
  let description = [{
    Visits the function's ops in order and replaces each asr op's result
    types with the ones its `InferShapeOpInterface` infers when those are more
    static (a `?` becomes a size), then updates each function's result types
    to match its return and the result types of the calls to it, repeating
    until nothing changes (types only get more static, so this ends). Ops whose declared types conflict with their shape
    rules are reported at their location (the JSON path of the node when the
    IR came from a model spec).

    Before:
    ```mlir
    %y = asr.linear %x, %w : (tensor<2x7x80xf32>, tensor<16x80xf32>) -> tensor<?x?x?xf32>
    ```
    After:
    ```mlir
    %y = asr.linear %x, %w : (tensor<2x7x80xf32>, tensor<16x80xf32>) -> tensor<2x7x16xf32>
    ```
  }];
  let dependentDialects = ["::mlir::asr::ASRDialect", "::mlir::func::FuncDialect"];
}

def Decompose : Pass<"asr-decompose", "::mlir::ModuleOp"> {
  let summary = "Rewrite layer-level asr ops into kernel-level ops";
  let description = [{
    Rewrites every layer-level op into the kernel-level ops that the code
    generators implement, one rewrite pattern per op kind, applied until
    none matches (layer ops that decompose into other layer ops, such as
    `feed_forward` into `linear`, are decomposed in turn):

    | op | kernel-level ops |
    |---|---|
    | `linear` | `matmul {transpose_rhs}`, `add` of the bias |
    | `feed_forward` | `linear`, the activation, `linear` |
    | `batch_norm` | `(x - mean) * (gamma * rsqrt(variance + eps)) + beta` |
    | `glu` | two `slice`s of the axis (a dynamic one is moved last and reshaped into [2, -1] halves first), `sigmoid`, `mul` |
    | `frame_concat` | `slice` of the whole groups, `reshape [0, T/f, -1]` (static T only) |
    | `multi_head_attention` | q/k/v `linear`s, `sdpa`, output `linear` |
    | `sdpa` | per operand `reshape [0, 0, H, D]` + `transpose [0, 2, 1, 3]`, `attention_score dot`, `softmax`, `weighted_sum`, `transpose`, `reshape [0, 0, -1]` |
    | `additive_attention` | query and key `linear`s, `attention_score additive`, `softmax`, `weighted_sum`, `reshape`s |
    | `location_attention` | as additive, plus `conv1d` of the previous alignment and its `linear`, added to the keys |
    | `luong_attention` | (`general`: `linear` of the keys), `attention_score dot`, `softmax`, `weighted_sum`, `reshape`s |
    | `content_attention` | `reshape`s, `attention_score` (dot, the weight `w` as a [1, 1, 1, D] query broadcast over the frames; the bias cancels in the softmax), `softmax`, `weighted_sum` |

    Recurrences (`lstm`, `gru`, `lstm_cell`, `gru_cell`), convolutions,
    `layer_norm`, `log_softmax`, embeddings and positions are kernel-level
    already and stay. `frame_concat` over a dynamic time dim stays too: the
    number of frames to drop (T mod f) is only known at run time, and
    `slice` bounds are static.

    Every new op is typed by its shape rules and located at the layer op's
    location (the JSON path of the spec node), or at a `NameLoc` naming the
    piece inside it (`"q_proj"`, `"scores"`, ...), except the `arith.constant`
    epsilons, which the greedy driver uniques and hoists to the function
    entry (without a location: one constant may serve several layers). The
    op that replaces a result keeps that result's type, so function types do
    not change. An asr op left that is not kernel-level is reported and
    fails the pass.

    Before:
    ```mlir
    %y = asr.linear %x, %w bias %b
        : (tensor<?x?x80xf32>, tensor<16x80xf32>, tensor<16xf32>) -> tensor<?x?x16xf32>
    ```
    After:
    ```mlir
    %0 = asr.matmul %x, %w {transpose_rhs}
        : (tensor<?x?x80xf32>, tensor<16x80xf32>) -> tensor<?x?x16xf32>
    %y = asr.add %0, %b : (tensor<?x?x16xf32>, tensor<16xf32>) -> tensor<?x?x16xf32>
    ```
  }];
  let dependentDialects = ["::mlir::asr::ASRDialect", "::mlir::arith::ArithDialect"];
}

def HoistPerUtterance : Pass<"asr-hoist-per-utterance", "::mlir::ModuleOp"> {
  let summary = "Move the per-utterance work of decoder steps into a `<entry>_prepare` entry point";
  let description = [{
    A decoder step runs once per output token, but part of its work depends
    only on inputs that are fixed for the whole utterance: the encoder
    output and its lengths. Whisper's cross-attention projects the encoder
    output to keys and values, and LAS's location-aware attention computes
    `W_k h_i` over every encoder frame, in every step. This pass computes
    that work once per utterance instead.

    Which inputs are fixed per utterance is the model spec's word: an
    entry-point input with `"per_utterance": true` (the argument attribute
    `asr.per_utterance`). The compiler cannot know how a caller drives its
    entry points, so nothing is hoisted without it.

    For a function `@step` with such arguments:

    * A value is *invariant* when the op that makes it is side-effect free
      and every operand is a per-utterance argument, a weight or constant,
      or invariant (and at least one is not a constant).
    * The *frontier* is the invariant values that other ops (or the return)
      use. A frontier value made by `reshape`s of an argument alone stays:
      it costs nothing.
    * A new function `@step_prepare` (attribute `asr.prepares = "step"`)
      takes the per-utterance arguments the frontier needs and returns the
      frontier, computed by clones of the ops (and weights) it depends on.
      Its results are named after where they are computed (the spec node
      and the piece of its decomposition, `blocks_0_cross_attn_k_proj`).
    * `@step` takes the frontier values as new arguments after its own
      (`asr.name` as above, `asr.prepared_by = "step_prepare"`, `asr.dims`
      following the symbols of the inputs through views, matmuls and
      elementwise ops), loses the ops nothing uses any more, and loses the
      per-utterance arguments nothing uses any more.

    A caller runs `step_prepare` once per utterance and passes its outputs,
    by name, to every `step`. A module that already has a `@step_prepare`
    is an error.

    Before:
    ```mlir
    func.func @step(%q: tensor<?x8xf32>, %enc: tensor<?x?x8xf32> {asr.per_utterance}) -> tensor<?x8xf32> {
      %wk = asr.weight "k_proj.weight" : tensor<8x8xf32>
      %k = asr.matmul %enc, %wk {transpose_rhs} : (tensor<?x?x8xf32>, tensor<8x8xf32>) -> tensor<?x?x8xf32>
      %o = ... uses %q, %k, %enc ...
    }
    ```
    After:
    ```mlir
    func.func @step(%q: tensor<?x8xf32>, %enc: tensor<?x?x8xf32> {asr.per_utterance},
                    %k: tensor<?x?x8xf32> {asr.prepared_by = "step_prepare"}) -> tensor<?x8xf32> {
      %o = ... uses %q, %k, %enc ...
    }
    func.func @step_prepare(%enc: tensor<?x?x8xf32>) -> tensor<?x?x8xf32> attributes {asr.prepares = "step"} {
      %wk = asr.weight "k_proj.weight" : tensor<8x8xf32>
      %k = asr.matmul %enc, %wk {transpose_rhs} : (tensor<?x?x8xf32>, tensor<8x8xf32>) -> tensor<?x?x8xf32>
      return %k : tensor<?x?x8xf32>
    }
    ```
  }];
  let dependentDialects = ["::mlir::asr::ASRDialect", "::mlir::func::FuncDialect"];
}

def FuseAttention : Pass<"asr-fuse-attention", "::mlir::func::FuncOp"> {
  let summary = "Fuse attention_score -> softmax -> weighted_sum chains into fused_attention";
  let description = [{
    Rewrites the kernel-level attention chain that `asr-decompose` makes,
    `attention_score` -> (`scale`) -> `softmax` -> `weighted_sum`, into one
    `asr.fused_attention`, which code generation implements with an online
    softmax that never holds the [Lq, Lk] score matrix. The pattern is
    rooted at the `weighted_sum`:

    * `dot` scores are fused when query, key and values are all
      [B, H, L, D] (what `sdpa` lowers to); the fused scale is the score's
      scale times the factor of an `asr.scale` between score and softmax.
      The query's B and H may each be a static 1 that broadcasts over the
      keys': content attention, which `asr-decompose` lowers to dot scores
      of its weight [1, 1, 1, D] against the frames [B, 1, T, D], becomes
      one fused dot attention (with `return_probs` for its alignment).
    * `additive` scores (query [B, Lq, A], key [B, Lk, A], `v` and `bias`
      [A]) are fused with the values [B, Lk, Dv]; a `scale` after an
      additive score is not fused (the fused additive form is unscaled).
    * The softmax's `lengths` become `key_lengths`, its `causal` flag the
      fused op's.
    * When the probabilities have users besides the `weighted_sum` (the
      alignment of location-aware attention, which is returned and fed
      back to the next step), the chain is still fused, with
      `return_probs`: the fused op's second result replaces the softmax for
      those users. The kernel writes the normalized probabilities as it
      goes, which is cheaper than keeping a separate score -> softmax
      chain alive next to the fused op.

    Not fused: a score or scaled score with other users (fusing would
    compute it twice); probabilities reaching the `weighted_sum` through
    any other op (a `reshape`, say), so that the softmax axis might not be
    the keys the values are summed over; chains whose batch (and head) dims
    are not the same in key, values and result, or in the query but for a
    dot query's static 1s (a `weighted_sum` or `attention_score` that
    broadcasts them otherwise, which the fused op's fixed ranks cannot
    express; a static size against a dynamic one counts as a possible
    broadcast); dot chains of other ranks (Luong attention's [B, 1, D]
    query); and scores that are no `attention_score` (a `matmul` of linear
    scores, say).

    The fused op is located at a `FusedLoc` of the chain's locations
    (score, scale, softmax, weighted sum).

    Before:
    ```mlir
    %s = asr.attention_score dot %q, %k {scale = 1.250000e-01 : f32}
        : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x?xf32>
    %p = asr.softmax %s lengths %len {causal}
        : (tensor<?x6x?x?xf32>, tensor<?xi32>) -> tensor<?x6x?x?xf32>
    %o = asr.weighted_sum %p, %v
        : (tensor<?x6x?x?xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x64xf32>
    ```
    After:
    ```mlir
    %o = asr.fused_attention dot %q, %k, %v key_lengths %len
        {causal, scale = 1.250000e-01 : f32}
        : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>, tensor<?xi32>)
        -> tensor<?x6x?x64xf32>
    ```
  }];
  let dependentDialects = ["::mlir::asr::ASRDialect"];
}

def PlanBuffers : Pass<"asr-plan-buffers", "::mlir::func::FuncOp"> {
  let summary = "Assign intermediate tensors to reusable workspace slots by liveness";
  let description = [{
    Every op result that is neither a weight, a constant nor a function
    result lives in the entry point's workspace arena. Sizes depend on the
    dynamic batch and time dims, so the plan is made of *slots*: values
    whose live ranges do not overlap share a slot; at run time the
    generated code sizes each slot as the largest of its values (for the
    actual input shapes) and lays the slots out one after another, 64-byte
    aligned. An op's operands stay live while it runs, so its results never
    take the slot of one of its own operands.

    Each planned op gets `asr.slots` (one entry per result, -1 for a result
    that needs no slot) and the function `asr.num_slots`.

    ```mlir
    %0 = asr.relu %x {asr.slots = array<i64: 0>} : tensor<?x384xf32>
    %1 = asr.tanh %0 {asr.slots = array<i64: 1>} : tensor<?x384xf32>
    %2 = asr.exp %1 {asr.slots = array<i64: 0>} : tensor<?x384xf32>   // %0 is dead: slot 0 reused
    ```
  }];
}

#endif // ASR_PASSES_TD
