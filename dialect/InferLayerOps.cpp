//===- InferLayerOps.cpp - shape rules of layer-level asr ops -------------===//
//
// inferResultTypes of every layer-level op. Each rule has a short name that
// appears first in its message; docs/dialect.md lists them.
//
//===----------------------------------------------------------------------===//
#include "dialect/ASROps.h"
#include "dialect/ShapeRules.h"

#include <cstdio>

using namespace mlir;
using namespace mlir::asr;

static Type tensorOf(ArrayRef<int64_t> shape, Type elt) {
  return RankedTensorType::get(shape, elt);
}

LogicalResult WeightOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  if (getKey().empty())
    return emitOpError("weight-key: the weight name must not be empty");
  if (!getResult().getType().hasStaticShape())
    return emitOpError("weight-shape: weights have static shapes: expected no '?' dims, got ")
           << getResult().getType();
  inferred.push_back(getResult().getType());
  return success();
}

//===----------------------------------------------------------------------===//
// Front end
//===----------------------------------------------------------------------===//

LogMelOp::Config LogMelOp::getConfig() {
  Config c;
  c.kaldi = getStyle() == LogMelStyle::kaldi;
  c.sampleRate = getSampleRate();
  c.nMels = getNMels();
  if (c.kaldi) {
    // Kaldi: 25 ms / 10 ms (truncated to samples), n_fft the window rounded
    // up to a power of two.
    c.winLength = getWinLength().value_or(c.sampleRate * 25 / 1000);
    c.hopLength = getHopLength().value_or(c.sampleRate * 10 / 1000);
    int64_t pow2 = 1;
    while (pow2 < c.winLength)
      pow2 *= 2;
    c.nFft = getNFft().value_or(pow2);
    c.lowFreq = getLowFreq() ? getLowFreq()->convertToDouble() : 20.0;
    c.preemphasis = getPreemphasis() ? getPreemphasis()->convertToDouble() : 0.97;
  } else {
    c.nFft = getNFft().value_or(getWinLength().value_or(400));
    c.winLength = getWinLength().value_or(c.nFft);
    c.hopLength = getHopLength().value_or(160);
    c.lowFreq = getLowFreq() ? getLowFreq()->convertToDouble() : 0.0;
    c.preemphasis = getPreemphasis() ? getPreemphasis()->convertToDouble() : 0.0;
  }
  double high = getHighFreq() ? getHighFreq()->convertToDouble() : 0.0;
  c.highFreq = high > 0 ? high : 0.5 * double(c.sampleRate) + high;
  c.scale = getScale().convertToDouble();
  return c;
}

int64_t LogMelOp::Config::frames(int64_t samples) const {
  if (samples == kDyn)
    return kDyn;
  if (!kaldi)
    return samples / hopLength;
  return samples >= winLength ? 1 + (samples - winLength) / hopLength : 0;
}

/// "8000", "0.97": a double as a message shows it (%g).
static std::string showNumber(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

LogicalResult LogMelOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  ShapeRules r(*this);
  if (failed(r.rank("input-rank", "samples [batch, samples]", getSamples(), 2)))
    return failure();
  Config c = getConfig();
  if (failed(r.positive("sample-rate", "sample_rate", c.sampleRate)) ||
      failed(r.positive("n-mels", "n_mels", c.nMels)) ||
      failed(r.positive("win-length", "win_length", c.winLength)) ||
      failed(r.positive("hop-length", "hop_length", c.hopLength)))
    return failure();
  if (c.nFft < c.winLength || c.nFft % 2 != 0)
    return r.error("n-fft") << "n_fft must be even and hold the window: expected an even size >= "
                            << c.winLength << ", got " << c.nFft;
  double nyquist = 0.5 * double(c.sampleRate);
  if (!(c.lowFreq >= 0 && c.lowFreq < c.highFreq && c.highFreq <= nyquist))
    return r.error("mel-range") << "expected 0 <= low_freq < high_freq <= " << showNumber(nyquist)
                                << " (sample_rate / 2), got low_freq " << showNumber(c.lowFreq)
                                << ", high_freq " << showNumber(c.highFreq);
  if (!c.kaldi && c.preemphasis != 0)
    return r.error("preemphasis") << "the whisper style has no pre-emphasis: expected 0, got "
                                  << showNumber(c.preemphasis);
  if (!(c.preemphasis >= 0 && c.preemphasis <= 1))
    return r.error("preemphasis") << "expected a coefficient in [0, 1], got "
                                  << showNumber(c.preemphasis);
  ArrayRef<int64_t> in = r.shape(getSamples());
  if (in[1] != kDyn) {
    // Reflect padding needs n_fft / 2 + 1 samples (as torch.stft); Kaldi's
    // snip_edges framing one window.
    int64_t need = c.kaldi ? c.winLength : c.nFft / 2 + 1;
    if (in[1] < need)
      return r.error("input-length")
             << (c.kaldi ? "one frame needs win_length samples"
                         : "reflect padding needs more than n_fft / 2 samples")
             << ": expected at least " << need << ", got " << in[1];
  }
  int64_t batch = in[0];
  if (failed(r.lengths("lengths", getLengths(), batch)))
    return failure();
  inferred.push_back(tensorOf({batch, c.frames(in[1]), c.nMels}, Float32Type::get(getContext())));
  return success();
}

//===----------------------------------------------------------------------===//
// Convolutions, linear, norms
//===----------------------------------------------------------------------===//

/// Checks the channel bookkeeping shared by conv1d and conv2d and returns the
/// number of output channels.
static FailureOr<int64_t> checkConvChannels(ShapeRules &r, Value weight,
                                            Value bias, int64_t cin,
                                            int64_t groups) {
  if (failed(r.positive("groups", "groups", groups)))
    return failure();
  ArrayRef<int64_t> w = r.shape(weight);
  int64_t cout = w[0];
  if (cin != kDyn && cin % groups != 0)
    return r.error("groups") << "input channels must divide by groups: expected a multiple of "
                             << groups << ", got " << cin;
  if (cout != kDyn && cout % groups != 0)
    return r.error("groups") << "weight dim 0 (output channels) must divide by groups: expected a multiple of "
                             << groups << ", got " << cout;
  if (failed(r.unify("in-channels", "weight dim 1 (input channels / groups)",
                     cin == kDyn ? kDyn : cin / groups, w[1])))
    return failure();
  if (bias && failed(r.vector("bias-size", "bias", bias, cout)))
    return failure();
  return cout;
}

LogicalResult Conv1DOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  ShapeRules r(*this);
  Value bias = getBias();
  if (failed(r.rank("input-rank", "input [batch, time, channels]", getInput(), 3)) ||
      failed(r.rank("weight-rank", "weight [out, in/groups, kernel]", getWeight(), 3)) ||
      failed(r.sameElementType("element-type", {getInput(), getWeight(), bias})))
    return failure();
  int64_t stride = getStride(), padding = getPadding(), dilation = getDilation();
  if (failed(r.positive("stride", "stride", stride)) ||
      failed(r.positive("padding", "padding", padding, /*allowZero=*/true)) ||
      failed(r.positive("dilation", "dilation", dilation)))
    return failure();
  ArrayRef<int64_t> in = r.shape(getInput());
  FailureOr<int64_t> cout = checkConvChannels(r, getWeight(), bias, in[2], getGroups());
  if (failed(cout))
    return failure();
  int64_t k = r.shape(getWeight())[2];
  if (k != kDyn && failed(r.positive("kernel", "weight dim 2 (kernel size)", k)))
    return failure();
  int64_t t = convOutputSize(in[1], k, stride, padding, dilation);
  if (t != kDyn && t <= 0)
    return r.error("output-length") << "input of " << in[1]
                                    << " frames is shorter than the kernel span: expected at least "
                                    << dilation * (k - 1) + 1 - 2 * padding << ", got " << in[1];
  inferred.push_back(tensorOf({in[0], t, *cout}, r.elementType(getInput())));
  return success();
}

LogicalResult Conv2DOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  ShapeRules r(*this);
  Value bias = getBias();
  if (failed(r.rank("input-rank", "input [batch, channels, height, width]", getInput(), 4)) ||
      failed(r.rank("weight-rank", "weight [out, in/groups, kh, kw]", getWeight(), 4)) ||
      failed(r.sameElementType("element-type", {getInput(), getWeight(), bias})))
    return failure();
  ArrayRef<int64_t> stride = getStride(), padding = getPadding(), dilation = getDilation();
  for (auto [name, arr] : {std::pair<StringRef, ArrayRef<int64_t>>{"stride", stride},
                           {"padding", padding}, {"dilation", dilation}})
    if (arr.size() != 2)
      return r.error(name) << name << " must be [height, width]: expected 2 values, got "
                           << arr.size();
  for (int i = 0; i < 2; ++i)
    if (failed(r.positive("stride", "stride", stride[i])) ||
        failed(r.positive("padding", "padding", padding[i], true)) ||
        failed(r.positive("dilation", "dilation", dilation[i])))
      return failure();
  ArrayRef<int64_t> in = r.shape(getInput());
  ArrayRef<int64_t> w = r.shape(getWeight());
  FailureOr<int64_t> cout = checkConvChannels(r, getWeight(), bias, in[1], getGroups());
  if (failed(cout))
    return failure();
  for (int i = 0; i < 2; ++i)
    if (w[2 + i] != kDyn &&
        failed(r.positive("kernel", "weight dim " + std::to_string(2 + i) + " (kernel size)",
                          w[2 + i])))
      return failure();
  Shape out = {in[0], *cout, 0, 0};
  for (int i = 0; i < 2; ++i) {
    out[2 + i] = convOutputSize(in[2 + i], w[2 + i], stride[i], padding[i], dilation[i]);
    if (out[2 + i] != kDyn && out[2 + i] <= 0)
      return r.error("output-length") << "input dim " << 2 + i
                                      << " is shorter than the kernel span: expected at least "
                                      << dilation[i] * (w[2 + i] - 1) + 1 - 2 * padding[i]
                                      << ", got " << in[2 + i];
  }
  inferred.push_back(tensorOf(out, r.elementType(getInput())));
  return success();
}

LogicalResult LinearOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  ShapeRules r(*this);
  if (failed(r.minRank("input-rank", "input [..., in]", getInput(), 1)) ||
      failed(r.rank("weight-rank", "weight [out, in]", getWeight(), 2)) ||
      failed(r.sameElementType("element-type", {getInput(), getWeight(), getBias()})))
    return failure();
  ArrayRef<int64_t> w = r.shape(getWeight());
  Shape out(r.shape(getInput()));
  if (failed(r.unify("in-features", "weight dim 1 (in features) vs the input's last dim",
                     out.back(), w[1])))
    return failure();
  if (getBias() && failed(r.vector("bias-size", "bias", getBias(), w[0])))
    return failure();
  out.back() = w[0];
  inferred.push_back(tensorOf(out, r.elementType(getInput())));
  return success();
}

/// Norms: every parameter is a vector over the last dim of the input.
static LogicalResult inferNorm(Operation *op, Value input, ValueRange params,
                               ArrayRef<StringRef> names,
                               SmallVectorImpl<Type> &inferred) {
  ShapeRules r(op);
  SmallVector<Value> all = {input};
  llvm::append_range(all, params);
  if (failed(r.minRank("input-rank", "input [..., features]", input, 1)) ||
      failed(r.sameElementType("element-type", all)))
    return failure();
  int64_t d = r.shape(input).back();
  for (auto [param, name] : llvm::zip(params, names))
    if (failed(r.vector("param-size", name, param, d)))
      return failure();
  inferred.push_back(input.getType());
  return success();
}

LogicalResult LayerNormOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  return inferNorm(*this, getInput(), {getGamma(), getBeta()}, {"gamma", "beta"}, inferred);
}

LogicalResult BatchNormOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  return inferNorm(*this, getInput(), {getMean(), getVariance(), getGamma(), getBeta()},
                   {"mean", "variance", "gamma", "beta"}, inferred);
}

//===----------------------------------------------------------------------===//
// Recurrent layers
//===----------------------------------------------------------------------===//

/// Checks one direction's (w_ih, w_hh, b_ih, b_hh) for `gates` gates of an
/// input of `in` features; returns the hidden size.
static FailureOr<int64_t> checkRecurrentWeights(ShapeRules &r, ValueRange w,
                                                int64_t gates, int64_t in,
                                                StringRef direction) {
  std::string dir = direction.str();
  if (w.size() != 4)
    return r.error("weight-count") << dir
                                   << " weights must be (w_ih, w_hh, b_ih, b_hh): expected 4 tensors, got "
                                   << w.size();
  if (failed(r.rank("weight-rank", dir + " w_ih [gates*hidden, in]", w[0], 2)) ||
      failed(r.rank("weight-rank", dir + " w_hh [gates*hidden, hidden]", w[1], 2)))
    return failure();
  int64_t hidden = r.shape(w[1])[1];
  if (hidden == kDyn)
    return r.error("hidden-size") << dir << " w_hh dim 1 (hidden size) must be static";
  int64_t g = gates * hidden;
  if (failed(r.unify("gate-size", dir + " w_hh dim 0 (" + std::to_string(gates) + " x hidden)",
                     g, r.shape(w[1])[0])) ||
      failed(r.unify("gate-size", dir + " w_ih dim 0 (" + std::to_string(gates) + " x hidden)",
                     g, r.shape(w[0])[0])) ||
      failed(r.unify("in-features", dir + " w_ih dim 1 (in features)", in, r.shape(w[0])[1])) ||
      failed(r.vector("gate-size", dir + " b_ih", w[2], g)) ||
      failed(r.vector("gate-size", dir + " b_hh", w[3], g)))
    return failure();
  return hidden;
}

static LogicalResult inferRecurrentLayer(Operation *op, Value input, Value lengths,
                                         ValueRange forward, ValueRange reverse,
                                         int64_t gates, SmallVectorImpl<Type> &inferred) {
  ShapeRules r(op);
  SmallVector<Value> floats = {input};
  llvm::append_range(floats, forward);
  llvm::append_range(floats, reverse);
  if (failed(r.rank("input-rank", "input [batch, time, features]", input, 3)) ||
      failed(r.sameElementType("element-type", floats)))
    return failure();
  ArrayRef<int64_t> in = r.shape(input);
  int64_t batch = in[0];
  if (failed(r.lengths("lengths", lengths, batch)))
    return failure();
  FailureOr<int64_t> hidden = checkRecurrentWeights(r, forward, gates, in[2], "forward");
  if (failed(hidden))
    return failure();
  int64_t dirs = 1;
  if (!reverse.empty()) {
    FailureOr<int64_t> back = checkRecurrentWeights(r, reverse, gates, in[2], "reverse");
    if (failed(back) || failed(r.unify("hidden-size", "reverse hidden size", *hidden, *back)))
      return failure();
    dirs = 2;
  }
  inferred.push_back(tensorOf({batch, in[1], *hidden * dirs}, r.elementType(input)));
  return success();
}

LogicalResult LSTMOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  return inferRecurrentLayer(*this, getInput(), getLengths(), getWeights(), getReverse(), 4,
                             inferred);
}

LogicalResult GRUOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  return inferRecurrentLayer(*this, getInput(), getLengths(), getWeights(), getReverse(), 3,
                             inferred);
}

/// A single step: input [B, I] and states [B, H]; returns one [B, H] type
/// per state.
static LogicalResult inferCell(Operation *op, Value input, ValueRange states,
                               ValueRange weights, int64_t gates,
                               SmallVectorImpl<Type> &inferred) {
  ShapeRules r(op);
  SmallVector<Value> floats = {input};
  llvm::append_range(floats, states);
  llvm::append_range(floats, weights);
  if (failed(r.rank("input-rank", "input [batch, features]", input, 2)) ||
      failed(r.sameElementType("element-type", floats)))
    return failure();
  int64_t batch = r.shape(input)[0];
  FailureOr<int64_t> hidden = checkRecurrentWeights(r, weights, gates, r.shape(input)[1], "cell");
  if (failed(hidden))
    return failure();
  for (Value s : states) {
    if (failed(r.rank("state-rank", "state [batch, hidden]", s, 2)))
      return failure();
    FailureOr<int64_t> b = r.unify("batch", "state dim 0 (batch)", batch, r.shape(s)[0]);
    if (failed(b) || failed(r.unify("hidden-size", "state dim 1 (hidden)", *hidden, r.shape(s)[1])))
      return failure();
    batch = *b;
  }
  for (size_t i = 0; i < states.size(); ++i)
    inferred.push_back(tensorOf({batch, *hidden}, r.elementType(input)));
  return success();
}

LogicalResult LSTMCellOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  return inferCell(*this, getInput(), {getH(), getC()},
                   {getWIh(), getWHh(), getBIh(), getBHh()}, 4, inferred);
}

LogicalResult GRUCellOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  return inferCell(*this, getInput(), {getH()}, {getWIh(), getWHh(), getBIh(), getBHh()}, 3,
                   inferred);
}

LogicalResult FrameConcatOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  ShapeRules r(*this);
  int64_t f = getFactor();
  if (failed(r.rank("input-rank", "input [batch, time, channels]", getInput(), 3)) ||
      failed(r.positive("factor", "factor", f)))
    return failure();
  ArrayRef<int64_t> in = r.shape(getInput());
  if (in[1] != kDyn && in[1] < f)
    return r.error("output-length") << "fewer frames than one group of " << f
                                    << ": expected at least " << f << ", got " << in[1];
  inferred.push_back(tensorOf({in[0], divDim(in[1], f), mulDim(in[2], f)},
                              r.elementType(getInput())));
  return success();
}

LogicalResult SubsampleLengthsOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  ShapeRules r(*this);
  if (failed(r.rank("lengths-rank", "lengths [batch]", getLengths(), 1)) ||
      failed(r.positive("kernel", "kernel", getKernel())) ||
      failed(r.positive("stride", "stride", getStride())) ||
      failed(r.positive("padding", "padding", getPadding(), true)) ||
      failed(r.positive("dilation", "dilation", getDilation())))
    return failure();
  inferred.push_back(getLengths().getType());
  return success();
}

//===----------------------------------------------------------------------===//
// Positions and embeddings
//===----------------------------------------------------------------------===//

LogicalResult SinusoidalPositionOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  ShapeRules r(*this);
  if (failed(r.rank("input-rank", "input [batch, time, features]", getInput(), 3)))
    return failure();
  ArrayRef<int64_t> in = r.shape(getInput());
  if (in[2] == kDyn || in[2] % 2 != 0)
    return r.error("even-features") << "the feature dim must be static and even: got "
                                    << formatShape(in);
  int64_t batch = in[0];
  if (getOffset() && failed(r.lengths("offset", getOffset(), batch)))
    return failure();
  inferred.push_back(getInput().getType());
  return success();
}

LogicalResult LearnedPositionOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  ShapeRules r(*this);
  if (failed(r.rank("input-rank", "input [batch, time, features]", getInput(), 3)) ||
      failed(r.rank("table-rank", "table [positions, features]", getTable(), 2)) ||
      failed(r.sameElementType("element-type", {getInput(), getTable()})))
    return failure();
  ArrayRef<int64_t> in = r.shape(getInput()), table = r.shape(getTable());
  if (failed(r.unify("features", "table dim 1 (features) vs the input's last dim", in[2],
                     table[1])))
    return failure();
  if (!getOffset() && in[1] != kDyn && table[0] != kDyn && in[1] > table[0])
    return r.error("max-positions") << "input has more frames than the table has positions: expected at most "
                                    << table[0] << ", got " << in[1];
  int64_t batch = in[0];
  if (getOffset() && failed(r.lengths("offset", getOffset(), batch)))
    return failure();
  inferred.push_back(getInput().getType());
  return success();
}

LogicalResult EmbeddingOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  ShapeRules r(*this);
  if (failed(r.minRank("tokens-rank", "tokens", getTokens(), 1)) ||
      failed(r.rank("table-rank", "table [vocabulary, features]", getTable(), 2)))
    return failure();
  Shape out(r.shape(getTokens()));
  out.push_back(r.shape(getTable())[1]);
  inferred.push_back(tensorOf(out, r.elementType(getTable())));
  return success();
}

LogicalResult FeedForwardOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  ShapeRules r(*this);
  if (failed(r.minRank("input-rank", "input [..., features]", getInput(), 1)) ||
      failed(r.rank("weight-rank", "w1 [hidden, in]", getW1(), 2)) ||
      failed(r.rank("weight-rank", "w2 [out, hidden]", getW2(), 2)) ||
      failed(r.sameElementType("element-type",
                              {getInput(), getW1(), getB1(), getW2(), getB2()})))
    return failure();
  ArrayRef<int64_t> w1 = r.shape(getW1()), w2 = r.shape(getW2());
  Shape out(r.shape(getInput()));
  if (failed(r.unify("in-features", "w1 dim 1 (in features) vs the input's last dim", out.back(),
                     w1[1])) ||
      failed(r.unify("hidden-size", "w2 dim 1 vs w1 dim 0 (hidden size)", w1[0], w2[1])) ||
      (getB1() && failed(r.vector("bias-size", "b1", getB1(), w1[0]))) ||
      (getB2() && failed(r.vector("bias-size", "b2", getB2(), w2[0]))))
    return failure();
  out.back() = w2[0];
  inferred.push_back(tensorOf(out, r.elementType(getInput())));
  return success();
}

//===----------------------------------------------------------------------===//
// Attention layers
//===----------------------------------------------------------------------===//

LogicalResult MultiHeadAttentionOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  ShapeRules r(*this);
  SmallVector<Value> floats = {getQuery(), getKeyValue()};
  llvm::append_range(floats, getWeights());
  llvm::append_range(floats, getBiases());
  if (failed(r.rank("query-rank", "query [batch, queries, features]", getQuery(), 3)) ||
      failed(r.rank("key-rank", "key_value [batch, keys, features]", getKeyValue(), 3)) ||
      failed(r.sameElementType("element-type", floats)))
    return failure();
  int64_t heads = getNumHeads();
  if (failed(r.positive("num-heads", "num_heads", heads)))
    return failure();
  ValueRange w = getWeights();
  if (w.size() != 4)
    return r.error("weight-count") << "weights must be (wq, wk, wv, wo): expected 4 tensors, got "
                                   << w.size();
  for (Value v : w)
    if (failed(r.rank("weight-rank", "projection weight [out, in]", v, 2)))
      return failure();
  ArrayRef<bool> hasBias = getHasBias();
  if (hasBias.size() != 4)
    return r.error("has-bias") << "has_bias needs one flag per projection (q, k, v, o): expected 4, got "
                               << hasBias.size();
  int64_t nBias = llvm::count(hasBias, true);
  if ((int64_t)getBiases().size() != nBias)
    return r.error("bias-count") << "has_bias says " << nBias << " biases: expected " << nBias
                                 << " bias tensors, got " << getBiases().size();
  ArrayRef<int64_t> q = r.shape(getQuery()), kv = r.shape(getKeyValue());
  ArrayRef<int64_t> wq = r.shape(w[0]), wk = r.shape(w[1]), wv = r.shape(w[2]), wo = r.shape(w[3]);
  FailureOr<int64_t> batch = r.unify("batch", "key_value dim 0 (batch)", q[0], kv[0]);
  if (failed(batch) ||
      failed(r.unify("in-features", "wq dim 1 vs the query's features", q[2], wq[1])) ||
      failed(r.unify("in-features", "wk dim 1 vs key_value's features", kv[2], wk[1])) ||
      failed(r.unify("in-features", "wv dim 1 vs key_value's features", kv[2], wv[1])) ||
      failed(r.unify("qk-features", "wk dim 0 vs wq dim 0", wq[0], wk[0])) ||
      failed(r.unify("in-features", "wo dim 1 vs wv dim 0", wv[0], wo[1])))
    return failure();
  for (auto [name, d] : {std::pair<StringRef, int64_t>{"wq dim 0", wq[0]}, {"wv dim 0", wv[0]}})
    if (d != kDyn && d % heads != 0)
      return r.error("head-split") << name << " must divide into " << heads
                                   << " heads: expected a multiple of " << heads << ", got " << d;
  for (unsigned i = 0; i < 4; ++i)
    if (Value b = getBias(i))
      if (failed(r.vector("bias-size", "bias of projection " + std::to_string(i), b, r.shape(w[i])[0])))
        return failure();
  int64_t b = *batch;
  if (failed(r.lengths("key-lengths", getKeyLengths(), b)))
    return failure();
  inferred.push_back(tensorOf({b, q[1], wo[0]}, r.elementType(getQuery())));
  return success();
}

LogicalResult ScaledDotProductAttentionOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  ShapeRules r(*this);
  if (failed(r.rank("query-rank", "query [batch, queries, heads*dim]", getQuery(), 3)) ||
      failed(r.rank("key-rank", "key [batch, keys, heads*dim]", getKey(), 3)) ||
      failed(r.rank("value-rank", "value [batch, keys, heads*dim]", getValue(), 3)) ||
      failed(r.sameElementType("element-type", {getQuery(), getKey(), getValue()})) ||
      failed(r.positive("num-heads", "num_heads", getNumHeads())))
    return failure();
  int64_t heads = getNumHeads();
  ArrayRef<int64_t> q = r.shape(getQuery()), k = r.shape(getKey()), v = r.shape(getValue());
  FailureOr<int64_t> batch = r.unify("batch", "key dim 0 (batch)", q[0], k[0]);
  if (failed(batch) || failed(r.unify("batch", "value dim 0 (batch)", *batch, v[0])) ||
      failed(r.unify("keys", "value dim 1 vs key dim 1 (keys)", k[1], v[1])) ||
      failed(r.unify("qk-features", "key features vs query features", q[2], k[2])))
    return failure();
  for (auto [name, d] : {std::pair<StringRef, int64_t>{"query features", q[2]},
                         {"value features", v[2]}})
    if (d == kDyn || d % heads != 0)
      return r.error("head-split") << name << " must be static and divide into " << heads
                                   << " heads: expected a multiple of " << heads << ", got "
                                   << formatShape({d});
  int64_t b = *batch;
  if (failed(r.lengths("key-lengths", getKeyLengths(), b)))
    return failure();
  inferred.push_back(tensorOf({b, q[1], v[2]}, r.elementType(getQuery())));
  return success();
}

namespace {
/// The operands shared by the single-step attentions of attention-based
/// decoders (additive, location-aware, Luong): a query [B, Dq] against
/// keys [B, T, Dk] and values [B, T, Dv].
struct StepAttention {
  int64_t batch, time, dq, dk, dv;
};
} // namespace

static FailureOr<StepAttention> checkStepAttention(ShapeRules &r, Value query, Value keys,
                                                   Value values, Value lengths) {
  if (failed(r.rank("query-rank", "query [batch, features]", query, 2)) ||
      failed(r.rank("key-rank", "keys [batch, time, features]", keys, 3)) ||
      failed(r.sameElementType("element-type", {query, keys, values})))
    return failure();
  if (values && failed(r.rank("value-rank", "values [batch, time, features]", values, 3)))
    return failure();
  ArrayRef<int64_t> q = r.shape(query), k = r.shape(keys);
  ArrayRef<int64_t> v = values ? r.shape(values) : k;
  FailureOr<int64_t> batch = r.unify("batch", "keys dim 0 (batch)", q[0], k[0]);
  if (failed(batch))
    return failure();
  FailureOr<int64_t> b2 = r.unify("batch", "values dim 0 (batch)", *batch, v[0]);
  if (failed(b2))
    return failure();
  FailureOr<int64_t> time = r.unify("time", "values dim 1 vs keys dim 1 (time)", k[1], v[1]);
  if (failed(time))
    return failure();
  int64_t b = *b2;
  if (failed(r.lengths("key-lengths", lengths, b)))
    return failure();
  return StepAttention{b, *time, q[1], k[2], v[2]};
}

/// Additive score parameters: w_query [A, Dq], w_key [A, Dk], v [A], bias [A].
static LogicalResult checkAdditiveParams(ShapeRules &r, const StepAttention &s, Value wq,
                                         Value wk, Value v, Value bias, int64_t &attnDim) {
  if (failed(r.rank("weight-rank", "w_query [attention, query features]", wq, 2)) ||
      failed(r.rank("weight-rank", "w_key [attention, key features]", wk, 2)))
    return failure();
  ArrayRef<int64_t> q = r.shape(wq), k = r.shape(wk);
  FailureOr<int64_t> a = r.unify("attention-dim", "w_key dim 0 vs w_query dim 0", q[0], k[0]);
  if (failed(a) ||
      failed(r.unify("query-features", "w_query dim 1 vs the query's features", s.dq, q[1])) ||
      failed(r.unify("key-features", "w_key dim 1 vs the keys' features", s.dk, k[1])) ||
      failed(r.vector("attention-dim", "v", v, *a)) ||
      (bias && failed(r.vector("attention-dim", "bias", bias, *a))))
    return failure();
  attnDim = *a;
  return success();
}

static void pushStepResults(const StepAttention &s, Type elt, SmallVectorImpl<Type> &inferred) {
  inferred.push_back(tensorOf({s.batch, s.dv}, elt));
  inferred.push_back(tensorOf({s.batch, s.time}, elt));
}

LogicalResult AdditiveAttentionOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  ShapeRules r(*this);
  FailureOr<StepAttention> s =
      checkStepAttention(r, getQuery(), getKeys(), getValues(), getKeyLengths());
  int64_t a;
  if (failed(s) ||
      failed(r.sameElementType("element-type",
                               {getQuery(), getWQuery(), getWKey(), getV(), getBias()})) ||
      failed(checkAdditiveParams(r, *s, getWQuery(), getWKey(), getV(), getBias(), a)))
    return failure();
  pushStepResults(*s, r.elementType(getQuery()), inferred);
  return success();
}

LogicalResult LocationAttentionOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  ShapeRules r(*this);
  FailureOr<StepAttention> s =
      checkStepAttention(r, getQuery(), getKeys(), getValues(), getKeyLengths());
  int64_t a;
  if (failed(s) ||
      failed(r.sameElementType("element-type",
                               {getQuery(), getPrevAlignment(), getWQuery(), getWKey(),
                                getWLocation(), getFilter(), getV(), getBias()})) ||
      failed(checkAdditiveParams(r, *s, getWQuery(), getWKey(), getV(), getBias(), a)))
    return failure();
  if (failed(r.rank("alignment-rank", "prev_alignment [batch, time]", getPrevAlignment(), 2)) ||
      failed(r.rank("filter-rank", "filter [channels, 1, kernel]", getFilter(), 3)) ||
      failed(r.rank("weight-rank", "w_location [attention, channels]", getWLocation(), 2)))
    return failure();
  ArrayRef<int64_t> prev = r.shape(getPrevAlignment()), f = r.shape(getFilter()),
                    wl = r.shape(getWLocation());
  if (failed(r.unify("batch", "prev_alignment dim 0 (batch)", s->batch, prev[0])) ||
      failed(r.unify("time", "prev_alignment dim 1 vs keys dim 1 (time)", s->time, prev[1])) ||
      failed(r.unify("filter-channels", "filter dim 1 (input channels)", 1, f[1])) ||
      failed(r.unify("attention-dim", "w_location dim 0", a, wl[0])) ||
      failed(r.unify("filter-channels", "w_location dim 1 vs filter dim 0 (channels)", f[0], wl[1])))
    return failure();
  if (f[2] == kDyn || f[2] % 2 == 0)
    return r.error("odd-kernel") << "the location filter needs an odd static width for same padding: got "
                                 << formatShape({f[2]});
  pushStepResults(*s, r.elementType(getQuery()), inferred);
  return success();
}

LogicalResult LuongAttentionOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  ShapeRules r(*this);
  FailureOr<StepAttention> s =
      checkStepAttention(r, getQuery(), getKeys(), getValues(), getKeyLengths());
  if (failed(s) || failed(r.sameElementType("element-type", {getQuery(), getWeight()})))
    return failure();
  if (getMode() == LuongMode::dot) {
    if (getWeight())
      return r.error("mode-weight") << "dot mode takes no weight: expected none, got one";
    if (failed(r.unify("key-features", "keys' features vs the query's features", s->dq, s->dk)))
      return failure();
  } else {
    if (!getWeight())
      return r.error("mode-weight") << "general mode needs a weight [query features, key features]: expected one, got none";
    if (failed(r.rank("weight-rank", "weight [query features, key features]", getWeight(), 2)) ||
        failed(r.unify("query-features", "weight dim 0 vs the query's features", s->dq,
                       r.shape(getWeight())[0])) ||
        failed(r.unify("key-features", "weight dim 1 vs the keys' features", s->dk,
                       r.shape(getWeight())[1])))
      return failure();
  }
  pushStepResults(*s, r.elementType(getQuery()), inferred);
  return success();
}

LogicalResult ContentAttentionOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  ShapeRules r(*this);
  if (failed(r.rank("input-rank", "input [batch, time, features]", getInput(), 3)) ||
      failed(r.rank("weight-rank", "w [1, features]", getW(), 2)) ||
      failed(r.sameElementType("element-type", {getInput(), getW(), getB()})))
    return failure();
  ArrayRef<int64_t> in = r.shape(getInput()), w = r.shape(getW());
  if (failed(r.unify("score-count", "w dim 0 (one score per frame)", 1, w[0])) ||
      failed(r.unify("in-features", "w dim 1 vs the input's features", in[2], w[1])) ||
      failed(r.vector("bias-size", "b", getB(), 1)))
    return failure();
  int64_t batch = in[0];
  if (failed(r.lengths("lengths", getLengths(), batch)))
    return failure();
  Type elt = r.elementType(getInput());
  inferred.push_back(tensorOf({batch, in[2]}, elt));
  inferred.push_back(tensorOf({batch, in[1]}, elt));
  return success();
}
