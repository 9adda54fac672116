//===- OpTable.cpp - the JSON spec's op vocabulary ------------------------===//
#include "frontend/OpTable.h"

#include <map>

using namespace asr;

namespace {
constexpr Source In = Source::Input;
constexpr Source W = Source::Weight;

OperandSpec in(const char *name, bool optional = false, unsigned segment = 0) {
  return {name, In, optional, segment};
}
OperandSpec w(const char *name, const char *suffix, bool optional = false,
              unsigned segment = 0) {
  return {name, W, optional, segment, suffix};
}
AttrSpec i(const char *name) { return {name, AttrKind::Int}; }
AttrSpec f(const char *name) { return {name, AttrKind::Float}; }
AttrSpec b(const char *name) { return {name, AttrKind::Bool}; }
AttrSpec il(const char *name) { return {name, AttrKind::IntList}; }
AttrSpec e(const char *name, std::vector<const char *> cases) {
  return {name, AttrKind::Enum, std::move(cases)};
}

OpSpec unary(const char *json, const char *mlir, const char *summary) {
  return {json, mlir, summary, {in("input")}, {}};
}
OpSpec binary(const char *json, const char *mlir, const char *summary) {
  return {json, mlir, summary, {in("lhs"), in("rhs")}, {}};
}

/// Recurrent layers: (input, lengths?) then the forward weights, then the
/// reverse weights (present when "bidirectional" is true).
OpSpec recurrent(const char *json, const char *mlir, const char *summary) {
  return {json, mlir, summary,
          {in("input"), in("lengths", true, 1),
           w("weight_ih", "weight_ih_l0", false, 2), w("weight_hh", "weight_hh_l0", false, 2),
           w("bias_ih", "bias_ih_l0", false, 2), w("bias_hh", "bias_hh_l0", false, 2),
           w("weight_ih_reverse", "weight_ih_l0_reverse", true, 3),
           w("weight_hh_reverse", "weight_hh_l0_reverse", true, 3),
           w("bias_ih_reverse", "bias_ih_l0_reverse", true, 3),
           w("bias_hh_reverse", "bias_hh_l0_reverse", true, 3)},
          {b("bidirectional")}};
}

const std::vector<const char *> kActivations = {"relu", "gelu", "gelu_tanh",
                                                "tanh", "sigmoid", "silu"};

std::vector<OpSpec> buildTable() {
  std::vector<OpSpec> t = {
      // Front end.
      {"log_mel", "asr.log_mel",
       "log-mel features of raw samples [B, N] (whisper or kaldi fbank conventions)",
       {in("samples"), in("lengths", true)},
       {e("style", {"whisper", "kaldi"}), i("sample_rate"), i("n_mels"), i("n_fft"),
        i("win_length"), i("hop_length"), f("low_freq"), f("high_freq"), f("preemphasis"),
        f("scale")}},
      // Layer level.
      {"conv1d", "asr.conv1d", "1-D convolution over time, channels-last [B, T, C]",
       {in("input"), w("weight", "weight"), w("bias", "bias", true)},
       {i("stride"), i("padding"), i("dilation"), i("groups")}},
      {"conv2d", "asr.conv2d", "2-D convolution, NCHW",
       {in("input"), w("weight", "weight"), w("bias", "bias", true)},
       {il("stride"), il("padding"), il("dilation"), i("groups")}},
      {"linear", "asr.linear", "x W^T + b",
       {in("input"), w("weight", "weight"), w("bias", "bias", true)}, {}},
      {"layer_norm", "asr.layer_norm", "layer normalization over the last dim",
       {in("input"), w("weight", "weight"), w("bias", "bias")}, {f("epsilon")}},
      {"batch_norm", "asr.batch_norm", "inference batch normalization, channels-last",
       {in("input"), w("running_mean", "running_mean"), w("running_var", "running_var"),
        w("weight", "weight"), w("bias", "bias")},
       {f("epsilon")}},
      recurrent("lstm", "asr.lstm", "uni- or bidirectional LSTM layer"),
      recurrent("gru", "asr.gru", "uni- or bidirectional GRU layer"),
      {"lstm_cell", "asr.lstm_cell", "one LSTM step",
       {in("input"), in("h"), in("c"), w("weight_ih", "weight_ih"), w("weight_hh", "weight_hh"),
        w("bias_ih", "bias_ih"), w("bias_hh", "bias_hh")},
       {}, {"h", "c"}},
      {"gru_cell", "asr.gru_cell", "one GRU step",
       {in("input"), in("h"), w("weight_ih", "weight_ih"), w("weight_hh", "weight_hh"),
        w("bias_ih", "bias_ih"), w("bias_hh", "bias_hh")},
       {}, {"h"}},
      {"frame_concat", "asr.frame_concat", "pyramidal frame concatenation",
       {in("input")}, {i("factor")}},
      {"subsample_lengths", "asr.subsample_lengths", "lengths after a strided conv",
       {in("lengths")}, {i("kernel"), i("stride"), i("padding"), i("dilation")}},
      {"sinusoidal_position", "asr.sinusoidal_position", "adds sinusoidal positions",
       {in("input"), in("offset", true)}, {e("style", {"interleaved", "concat"})}},
      {"learned_position", "asr.learned_position", "adds learned positions",
       {in("input"), w("weight", "weight"), in("offset", true)}, {}},
      {"embedding", "asr.embedding", "token embedding",
       {in("tokens"), w("weight", "weight")}, {}},
      {"feed_forward", "asr.feed_forward", "linear -> activation -> linear",
       {in("input"), w("w1", "0.weight", false, 1), w("b1", "0.bias", true, 2),
        w("w2", "2.weight", false, 3), w("b2", "2.bias", true, 4)},
       {e("activation", kActivations)}},
      {"multi_head_attention", "asr.multi_head_attention",
       "multi-head attention with projections (self or cross)",
       {in("query"), in("key_value", false, 1), in("key_lengths", true, 2),
        w("query_weight", "query.weight", false, 3), w("key_weight", "key.weight", false, 3),
        w("value_weight", "value.weight", false, 3), w("out_weight", "out.weight", false, 3),
        w("query_bias", "query.bias", true, 4), w("key_bias", "key.bias", true, 4),
        w("value_bias", "value.bias", true, 4), w("out_bias", "out.bias", true, 4)},
       {i("num_heads"), b("causal")}},
      {"sdpa", "asr.sdpa", "multi-head scaled dot-product attention, no projections",
       {in("query"), in("key"), in("value"), in("key_lengths", true)},
       {i("num_heads"), f("scale"), b("causal")}},
      {"additive_attention", "asr.additive_attention", "Bahdanau attention, one step",
       {in("query"), in("keys", false, 1), in("values", true, 2), in("key_lengths", true, 3),
        w("w_query", "query.weight", false, 4), w("w_key", "key.weight", false, 5),
        w("v", "v", false, 6), w("bias", "key.bias", true, 7)},
       {}, {"output", "alignment"}},
      {"location_attention", "asr.location_attention", "location-aware attention, one step",
       {in("query"), in("keys", false, 1), in("prev_alignment", false, 2),
        in("values", true, 3), in("key_lengths", true, 4),
        w("w_query", "query.weight", false, 5), w("w_key", "key.weight", false, 6),
        w("w_location", "location.weight", false, 7),
        w("filter", "location_conv.weight", false, 8), w("v", "v", false, 9),
        w("bias", "key.bias", true, 10)},
       {}, {"output", "alignment"}},
      {"luong_attention", "asr.luong_attention", "dot or general attention, one step",
       {in("query"), in("keys", false, 1), in("values", true, 2), in("key_lengths", true, 3),
        w("weight", "weight", true, 4)},
       {e("mode", {"dot", "general"})}, {"output", "alignment"}},
      {"content_attention", "asr.content_attention", "content attention pooling",
       {in("input"), w("w", "weight"), w("b", "bias"), in("lengths", true)},
       {}, {"output", "alignment"}},
      // Elementwise.
      unary("relu", "asr.relu", "max(x, 0)"),
      unary("gelu", "asr.gelu", "gelu (erf)"),
      unary("gelu_tanh", "asr.gelu_tanh", "gelu (tanh approximation)"),
      unary("tanh", "asr.tanh", "tanh"),
      unary("sigmoid", "asr.sigmoid", "sigmoid"),
      unary("silu", "asr.silu", "x * sigmoid(x)"),
      unary("exp", "asr.exp", "exp"),
      unary("log", "asr.log", "natural log"),
      unary("neg", "asr.neg", "-x"),
      unary("sqrt", "asr.sqrt", "sqrt"),
      unary("rsqrt", "asr.rsqrt", "1 / sqrt"),
      {"scale", "asr.scale", "x * factor", {in("input")}, {f("factor")}},
      {"glu", "asr.glu", "gated linear unit", {in("input")}, {i("axis")}},
      binary("add", "asr.add", "lhs + rhs (broadcasting)"),
      binary("sub", "asr.sub", "lhs - rhs (broadcasting)"),
      binary("mul", "asr.mul", "lhs * rhs (broadcasting)"),
      binary("div", "asr.div", "lhs / rhs (broadcasting)"),
      binary("max", "asr.max", "max(lhs, rhs) (broadcasting)"),
      // Kernel level.
      {"matmul", "asr.matmul", "batched matmul",
       {in("lhs"), in("rhs")}, {b("transpose_lhs"), b("transpose_rhs")}},
      {"reduce", "asr.reduce", "sum / max / mean over axes",
       {in("input")}, {e("kind", {"sum", "max", "mean"}), il("axes"), b("keep_dims")}},
      {"softmax", "asr.softmax", "softmax over the last axis, optional masks",
       {in("input"), in("lengths", true)}, {b("causal")}},
      {"log_softmax", "asr.log_softmax", "log-softmax", {in("input")}, {i("axis")}},
      {"attention_score", "asr.attention_score", "attention scores (dot or additive)",
       {in("query"), in("key", false, 1), in("v", true, 2), in("bias", true, 3)},
       {e("kind", {"dot", "additive"}), f("scale")}},
      {"weighted_sum", "asr.weighted_sum", "probability-weighted sum of values",
       {in("probs"), in("values")}, {}},
      {"transpose", "asr.transpose", "permute dims", {in("input")}, {il("perm")}},
      {"reshape", "asr.reshape", "reshape (0 copies, -1 infers)", {in("input")}, {il("shape")}},
      {"concat", "asr.concat", "concatenate along an axis",
       {OperandSpec{"inputs", In, false, 0, nullptr, /*variadic=*/true}}, {i("axis")}},
      {"slice", "asr.slice", "strided slice of one axis",
       {in("input")}, {i("axis"), i("start"), i("end"), i("step")}},
      {"update_slice", "asr.update_slice", "write rows at per-utterance positions",
       {in("dest"), in("update"), in("position")}, {}},
  };
  return t;
}
} // namespace

const std::vector<OpSpec> &asr::allOps() {
  static const std::vector<OpSpec> table = buildTable();
  return table;
}

const OpSpec *asr::lookupOp(const std::string &json) {
  static const std::map<std::string, const OpSpec *> index = [] {
    std::map<std::string, const OpSpec *> m;
    for (const OpSpec &op : allOps())
      m[op.json] = &op;
    return m;
  }();
  auto it = index.find(json);
  return it == index.end() ? nullptr : it->second;
}
