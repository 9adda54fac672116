//===- Decompose.cpp - the asr-decompose pass -----------------------------===//
//
// Rewrites layer-level asr ops into the kernel-level ops the code generators
// implement: one OpRewritePattern per layer-level op. Layer ops may decompose
// into other layer ops (multi_head_attention into linear and sdpa), whose
// patterns then run in turn.
//
// Every new op is typed by its own shape rules (InferShapeOpInterface)
// before it is inserted, so intermediate types are as static as the rules
// can prove; the ops that replace the layer op's results take those results'
// declared types, so users and function types do not change.
//
//===----------------------------------------------------------------------===//
#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace mlir::asr {
#define GEN_PASS_DEF_DECOMPOSE
#include "passes/Passes.h.inc"
} // namespace mlir::asr

using namespace mlir;
using namespace mlir::asr;

//===----------------------------------------------------------------------===//
// Building typed pieces
//===----------------------------------------------------------------------===//

/// Builds an OpTy with its ODS builder (`args` are the builder's arguments
/// after the result type), types its results with the op's shape rules and
/// inserts it at the rewriter's insertion point. Returns null, after the
/// failed rule has reported on `loc`, when the rules reject the operands.
template <typename OpTy, typename... Args>
static OpTy createTyped(PatternRewriter &rewriter, Location loc, Args &&...args) {
  OperationState state(loc, OpTy::getOperationName());
  // A placeholder result type, replaced below before anyone sees the op.
  OpTy::build(rewriter, state, rewriter.getNoneType(), std::forward<Args>(args)...);
  Operation *op = Operation::create(state);
  SmallVector<Type> types;
  if (failed(cast<InferShapeOpInterface>(op).inferResultTypes(types)) ||
      types.size() != op->getNumResults()) {
    op->destroy();
    return {};
  }
  for (auto [result, type] : llvm::zip(op->getResults(), types))
    result.setType(type);
  rewriter.insert(op);
  return cast<OpTy>(op);
}

static RankedTensorType tensorType(Value v) { return cast<RankedTensorType>(v.getType()); }

namespace {
/// The kernel-level ops replacing one layer-level op. Pieces are located at
/// the layer op's location, or, when given a piece name, at
/// NameLoc(piece, layer location). When one piece fails to type, the later
/// ones are not built and replace() undoes the earlier ones.
class Pieces {
public:
  Pieces(PatternRewriter &rewriter, Operation *layer) : rewriter(rewriter), layer(layer) {}

  Location loc(StringRef piece) const {
    if (piece.empty())
      return layer->getLoc();
    return NameLoc::get(rewriter.getStringAttr(piece), layer->getLoc());
  }

  template <typename OpTy, typename... Args>
  Value create(StringRef piece, Args &&...args) {
    if (failedPiece)
      return {};
    OpTy op = createTyped<OpTy>(rewriter, loc(piece), std::forward<Args>(args)...);
    if (!op) {
      failedPiece = true;
      return {};
    }
    created.push_back(op);
    return op->getResult(0);
  }

  Value reshape(StringRef piece, Value x, ArrayRef<int64_t> shape) {
    return create<ReshapeOp>(piece, x, rewriter.getDenseI64ArrayAttr(shape));
  }
  Value transpose(StringRef piece, Value x, ArrayRef<int64_t> perm) {
    return create<TransposeOp>(piece, x, rewriter.getDenseI64ArrayAttr(perm));
  }
  /// Elements [start, end) of `axis` (end -1: to the end of the axis).
  Value slice(StringRef piece, Value x, int64_t axis, int64_t start, int64_t end) {
    return create<SliceOp>(piece, x, rewriter.getI64IntegerAttr(axis),
                           rewriter.getI64IntegerAttr(start), rewriter.getI64IntegerAttr(end),
                           rewriter.getI64IntegerAttr(1));
  }
  /// A [1] tensor holding `value` (broadcasts against anything).
  Value splat(StringRef piece, Type elementType, double value) {
    if (failedPiece)
      return {};
    auto type = RankedTensorType::get({1}, elementType);
    auto attr = DenseElementsAttr::get(type, rewriter.getFloatAttr(elementType, value));
    auto op = rewriter.create<arith::ConstantOp>(loc(piece), attr);
    created.push_back(op);
    return op.getResult();
  }
  FloatAttr f32(double value) { return rewriter.getF32FloatAttr(value); }

  /// Replaces the layer op's results by `values`. The ops defining them
  /// take the declared result types (compatible with theirs: the layer op
  /// verified), so the replacement is as static as what it replaces.
  LogicalResult replace(ArrayRef<Value> values) {
    if (!failedPiece) {
      for (auto [result, replacement] : llvm::zip(layer->getResults(), values)) {
        Type declared = result.getType();
        Value value = replacement; // setType needs a non-const Value
        if (value.getType() == declared)
          continue;
        if (getElementTypeOrSelf(declared) != getElementTypeOrSelf(value.getType()) ||
            failed(verifyCompatibleShape(declared, value.getType())) ||
            !llvm::is_contained(created, value.getDefiningOp())) {
          failedPiece = true;
          break;
        }
        rewriter.modifyOpInPlace(value.getDefiningOp(), [&] { value.setType(declared); });
      }
    }
    if (failedPiece) {
      for (Operation *op : llvm::reverse(created))
        rewriter.eraseOp(op);
      return rewriter.notifyMatchFailure(layer, "a piece of the decomposition does not type");
    }
    rewriter.replaceOp(layer, values);
    return success();
  }

private:
  PatternRewriter &rewriter;
  Operation *layer;
  SmallVector<Operation *> created;
  bool failedPiece = false;
};
} // namespace

//===----------------------------------------------------------------------===//
// linear, feed_forward, batch_norm, glu, frame_concat
//===----------------------------------------------------------------------===//

namespace {
/// linear(x, W, b) = matmul(x, W) {transpose_rhs} + b. A vector input [I]
/// is a [1, I] matrix for the matmul.
struct DecomposeLinear : OpRewritePattern<LinearOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(LinearOp op, PatternRewriter &rewriter) const override {
    Pieces p(rewriter, op);
    Value x = op.getInput();
    bool vector = tensorType(x).getRank() == 1;
    if (vector)
      x = p.reshape("", x, {1, -1});
    Value y = p.create<MatmulOp>("", x, op.getWeight(), /*transpose_lhs=*/false,
                                 /*transpose_rhs=*/true);
    if (op.getBias())
      y = p.create<AddOp>("", y, op.getBias());
    if (vector)
      y = p.reshape("", y, {-1});
    return p.replace({y});
  }
};

/// feed_forward = linear1 -> activation -> linear2.
struct DecomposeFeedForward : OpRewritePattern<FeedForwardOp> {
  using OpRewritePattern::OpRewritePattern;

  static Value activation(Pieces &p, Activation act, Value x) {
    switch (act) {
    case Activation::relu:
      return p.create<ReluOp>("activation", x);
    case Activation::gelu:
      return p.create<GeluOp>("activation", x);
    case Activation::gelu_tanh:
      return p.create<GeluTanhOp>("activation", x);
    case Activation::tanh:
      return p.create<TanhOp>("activation", x);
    case Activation::sigmoid:
      return p.create<SigmoidOp>("activation", x);
    case Activation::silu:
      return p.create<SiluOp>("activation", x);
    }
    llvm_unreachable("unknown activation");
  }

  LogicalResult matchAndRewrite(FeedForwardOp op, PatternRewriter &rewriter) const override {
    Pieces p(rewriter, op);
    Value h = p.create<LinearOp>("linear1", op.getInput(), op.getW1(), op.getB1());
    h = activation(p, op.getActivation(), h);
    Value y = p.create<LinearOp>("linear2", h, op.getW2(), op.getB2());
    return p.replace({y});
  }
};

/// batch_norm = (x - mean) * (gamma * rsqrt(variance + eps)) + beta. The
/// per-channel factor depends on weights only.
struct DecomposeBatchNorm : OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(BatchNormOp op, PatternRewriter &rewriter) const override {
    Pieces p(rewriter, op);
    Type elt = tensorType(op.getInput()).getElementType();
    Value eps = p.splat("", elt, op.getEpsilon().convertToDouble());
    Value var = p.create<AddOp>("", op.getVariance(), eps);
    Value factor = p.create<MulOp>("", op.getGamma(), p.create<RsqrtOp>("", var));
    Value centered = p.create<SubOp>("", op.getInput(), op.getMean());
    Value y = p.create<AddOp>("", p.create<MulOp>("", centered, factor), op.getBeta());
    return p.replace({y});
  }
};

/// glu(x) = a * sigmoid(b) for the halves a, b of the axis. A static axis
/// is sliced in two; a dynamic one is moved last, reshaped into [2, n/2]
/// (reshape's -1 takes the dynamic half) and the size-2 dim is sliced.
struct DecomposeGlu : OpRewritePattern<GluOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(GluOp op, PatternRewriter &rewriter) const override {
    Pieces p(rewriter, op);
    Value x = op.getInput();
    ArrayRef<int64_t> shape = tensorType(x).getShape();
    int64_t rank = shape.size();
    int64_t axis = static_cast<int64_t>(op.getAxis()); // verified in [-rank, rank)
    if (axis < 0)
      axis += rank;
    int64_t n = shape[axis];
    if (n != ShapedType::kDynamic) {
      Value a = p.slice("", x, axis, 0, n / 2);
      Value b = p.slice("", x, axis, n / 2, n);
      return p.replace({p.create<MulOp>("", a, p.create<SigmoidOp>("", b))});
    }
    SmallVector<int64_t> perm, inverse(rank);
    for (int64_t i = 0; i < rank; ++i)
      if (i != axis)
        perm.push_back(i);
    perm.push_back(axis);
    for (int64_t i = 0; i < rank; ++i)
      inverse[perm[i]] = i;
    bool moved = axis != rank - 1;
    if (moved)
      x = p.transpose("", x, perm);
    SmallVector<int64_t> split(rank - 1, 0), merge(rank - 1, 0);
    split.append({2, -1});
    merge.push_back(-1);
    Value halves = p.reshape("", x, split);
    Value a = p.slice("", halves, rank - 1, 0, 1);
    Value b = p.slice("", halves, rank - 1, 1, 2);
    Value y = p.reshape("", p.create<MulOp>("", a, p.create<SigmoidOp>("", b)), merge);
    if (moved)
      y = p.transpose("", y, inverse);
    return p.replace({y});
  }
};

/// frame_concat with a static time dim T: slice the floor(T/f)*f frames of
/// whole groups (when T is not a multiple of f), then reshape [B, T/f, f*C].
/// With a dynamic T the number of frames to drop is only known at run time
/// and slice bounds are static attributes, so the op stays (it is one of the
/// kernel-level ops the pass leaves).
struct DecomposeFrameConcat : OpRewritePattern<FrameConcatOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(FrameConcatOp op, PatternRewriter &rewriter) const override {
    int64_t t = tensorType(op.getInput()).getDimSize(1), f = op.getFactor();
    if (t == ShapedType::kDynamic)
      return rewriter.notifyMatchFailure(op, "dynamic time: kept as a kernel-level op");
    Pieces p(rewriter, op);
    Value x = op.getInput();
    if (t % f != 0)
      x = p.slice("", x, /*axis=*/1, 0, t / f * f);
    return p.replace({p.reshape("", x, {0, t / f, -1})});
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// Multi-head attention
//===----------------------------------------------------------------------===//

namespace {
/// multi_head_attention = q/k/v linears -> sdpa -> output linear.
struct DecomposeMultiHeadAttention : OpRewritePattern<MultiHeadAttentionOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MultiHeadAttentionOp op,
                                PatternRewriter &rewriter) const override {
    Pieces p(rewriter, op);
    ValueRange w = op.getWeights();
    Value q = p.create<LinearOp>("q_proj", op.getQuery(), w[0], op.getBias(0));
    Value k = p.create<LinearOp>("k_proj", op.getKeyValue(), w[1], op.getBias(1));
    Value v = p.create<LinearOp>("v_proj", op.getKeyValue(), w[2], op.getBias(2));
    // sdpa's default scale, 1/sqrt(wq dim 0 / heads), is the layer's.
    Value o = p.create<ScaledDotProductAttentionOp>("attention", q, k, v, op.getKeyLengths(),
                                                    op.getNumHeadsAttr(), FloatAttr(),
                                                    op.getCausalAttr());
    Value y = p.create<LinearOp>("out_proj", o, w[3], op.getBias(3));
    return p.replace({y});
  }
};

/// sdpa: split heads ([B, L, H*D] -> [B, H, L, D]), score, mask and
/// normalize, weight the values, merge heads back.
struct DecomposeSdpa : OpRewritePattern<ScaledDotProductAttentionOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ScaledDotProductAttentionOp op,
                                PatternRewriter &rewriter) const override {
    Pieces p(rewriter, op);
    int64_t heads = op.getNumHeads();
    // Both static and divisible by the heads (the op's head-split rule).
    int64_t d = tensorType(op.getQuery()).getDimSize(2) / heads;
    int64_t dv = tensorType(op.getValue()).getDimSize(2) / heads;
    double scale = op.getScale() ? op.getScale()->convertToDouble() : 1.0 / std::sqrt(double(d));
    auto split = [&](StringRef piece, Value x, int64_t dim) {
      return p.transpose(piece, p.reshape(piece, x, {0, 0, heads, dim}), {0, 2, 1, 3});
    };
    Value q = split("q_heads", op.getQuery(), d);
    Value k = split("k_heads", op.getKey(), d);
    Value v = split("v_heads", op.getValue(), dv);
    Value scores = p.create<AttentionScoreOp>(
        "scores", ScoreKindAttr::get(rewriter.getContext(), ScoreKind::dot), q, k, Value(),
        Value(), p.f32(scale));
    Value probs = p.create<SoftmaxOp>("probs", scores, op.getKeyLengths(), op.getCausalAttr());
    Value context = p.create<WeightedSumOp>("context", probs, v);
    Value y = p.reshape("merge_heads", p.transpose("merge_heads", context, {0, 2, 1, 3}),
                        {0, 0, -1});
    return p.replace({y});
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// Single-step attentions of attention-based decoders
//===----------------------------------------------------------------------===//

/// The shared tail of the decoder-step attentions: scores [B, 1, T] ->
/// softmax with the padding mask -> weighted sum of `values` [B, T, Dv] ->
/// context [B, Dv]; the alignment is the probabilities as [B, T]. (Content
/// attention passes scores [B, 1, 1, T] and values [B, 1, T, Dv].)
static LogicalResult finishStepAttention(Pieces &p, Value scores, Value keyLengths,
                                         Value values) {
  Value probs = p.create<SoftmaxOp>("probs", scores, keyLengths, UnitAttr());
  Value context = p.reshape("context", p.create<WeightedSumOp>("context", probs, values), {0, -1});
  Value alignment = p.reshape("alignment", probs, {0, -1});
  return p.replace({context, alignment});
}

/// Additive scores v . tanh(W_q q + keys' + b): the projected query [B, 1, A]
/// against the projected keys [B, T, A] (bias included).
static Value additiveScores(Pieces &p, Value query, Value wQuery, Value keys, Value v) {
  MLIRContext *ctx = query.getContext();
  Value q = p.reshape("query_proj", p.create<LinearOp>("query_proj", query, wQuery, Value()),
                      {0, 1, -1});
  return p.create<AttentionScoreOp>("scores", ScoreKindAttr::get(ctx, ScoreKind::additive), q,
                                    keys, v, Value(), p.f32(1.0));
}

namespace {
/// additive_attention: linear query and key projections, additive scores.
struct DecomposeAdditiveAttention : OpRewritePattern<AdditiveAttentionOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(AdditiveAttentionOp op, PatternRewriter &rewriter) const override {
    Pieces p(rewriter, op);
    Value keys = p.create<LinearOp>("key_proj", op.getKeys(), op.getWKey(), op.getBias());
    Value scores = additiveScores(p, op.getQuery(), op.getWQuery(), keys, op.getV());
    Value values = op.getValues() ? op.getValues() : op.getKeys();
    return finishStepAttention(p, scores, op.getKeyLengths(), values);
  }
};

/// location_attention: additive attention whose projected keys also get the
/// location features: conv1d of the previous alignment as [B, T, 1] with the
/// filter [C, 1, K] (same padding) -> [B, T, C] -> linear w_location.
struct DecomposeLocationAttention : OpRewritePattern<LocationAttentionOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(LocationAttentionOp op, PatternRewriter &rewriter) const override {
    Pieces p(rewriter, op);
    int64_t kernel = tensorType(op.getFilter()).getDimSize(2); // static and odd
    Value prev = p.reshape("location_conv", op.getPrevAlignment(), {0, -1, 1});
    Value features = p.create<Conv1DOp>("location_conv", prev, op.getFilter(), Value(),
                                        rewriter.getI64IntegerAttr(1),
                                        rewriter.getI64IntegerAttr((kernel - 1) / 2),
                                        rewriter.getI64IntegerAttr(1),
                                        rewriter.getI64IntegerAttr(1));
    Value location = p.create<LinearOp>("location_proj", features, op.getWLocation(), Value());
    Value keys = p.create<LinearOp>("key_proj", op.getKeys(), op.getWKey(), op.getBias());
    keys = p.create<AddOp>("location_proj", keys, location);
    Value scores = additiveScores(p, op.getQuery(), op.getWQuery(), keys, op.getV());
    Value values = op.getValues() ? op.getValues() : op.getKeys();
    return finishStepAttention(p, scores, op.getKeyLengths(), values);
  }
};

/// luong_attention: dot scores of the query [B, 1, D] against the keys
/// (general: against linear(keys, weight) = keys W^T, [B, T, Dq]).
struct DecomposeLuongAttention : OpRewritePattern<LuongAttentionOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(LuongAttentionOp op, PatternRewriter &rewriter) const override {
    Pieces p(rewriter, op);
    Value keys = op.getKeys();
    if (op.getMode() == LuongMode::general)
      keys = p.create<LinearOp>("key_proj", keys, op.getWeight(), Value());
    Value q = p.reshape("query", op.getQuery(), {0, 1, -1});
    Value scores = p.create<AttentionScoreOp>(
        "scores", ScoreKindAttr::get(rewriter.getContext(), ScoreKind::dot), q, keys, Value(),
        Value(), p.f32(1.0));
    Value values = op.getValues() ? op.getValues() : op.getKeys();
    return finishStepAttention(p, scores, op.getKeyLengths(), values);
  }
};

/// content_attention: a dot attention whose one query is the score weight.
/// The score a_i = w . h_i + b of frame i is the dot score of w against the
/// key h_i, plus b. The bias adds the same constant to every frame's score,
/// which the softmax cancels (softmax(a + b) = softmax(a)), so neither the
/// context nor the alignment depends on it and it is dropped. w [1, D]
/// becomes the query [1, 1, 1, D], whose batch and head dims are a static 1
/// that broadcasts over the utterances; h [B, T, D] becomes the keys and
/// values [B, 1, T, D]. Scores [B, 1, 1, T] -> masked softmax -> weighted
/// sum [B, 1, 1, D], which asr-fuse-attention fuses into one dot
/// fused_attention; context and alignment are reshaped to [B, D], [B, T].
struct DecomposeContentAttention : OpRewritePattern<ContentAttentionOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ContentAttentionOp op, PatternRewriter &rewriter) const override {
    Pieces p(rewriter, op);
    Value h = op.getInput();
    int64_t d = tensorType(h).getDimSize(2);
    Value query = p.reshape("query", op.getW(), {1, 1, 1, -1});
    // [B, T, D] -> [B, 1, T, D]: one reshape when D is static (then T is
    // the -1); else through [B, T, 1, D] and a transpose.
    Value frames = d != ShapedType::kDynamic
                       ? p.reshape("frames", h, {0, 1, -1, d})
                       : p.transpose("frames", p.reshape("frames", h, {0, 0, 1, -1}), {0, 2, 1, 3});
    Value scores = p.create<AttentionScoreOp>(
        "scores", ScoreKindAttr::get(rewriter.getContext(), ScoreKind::dot), query, frames,
        Value(), Value(), p.f32(1.0));
    return finishStepAttention(p, scores, op.getLengths(), frames);
  }
};
} // namespace

void mlir::asr::populateDecomposePatterns(RewritePatternSet &patterns) {
  patterns.add<DecomposeLinear, DecomposeFeedForward, DecomposeBatchNorm, DecomposeGlu,
               DecomposeFrameConcat, DecomposeMultiHeadAttention, DecomposeSdpa,
               DecomposeAdditiveAttention, DecomposeLocationAttention, DecomposeLuongAttention,
               DecomposeContentAttention>(patterns.getContext());
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

/// The asr ops code generation implements. frame_concat is one of them only
/// over a dynamic time dim (see DecomposeFrameConcat).
static bool isKernelLevel(Operation *op) {
  if (auto frames = dyn_cast<FrameConcatOp>(op))
    return tensorType(frames.getInput()).isDynamicDim(1);
  return isa<WeightOp, MatmulOp, ReluOp, GeluOp, GeluTanhOp, TanhOp, SigmoidOp, SiluOp, ExpOp,
             LogOp, NegOp, SqrtOp, RsqrtOp, ScaleOp, AddOp, SubOp, MulOp, DivOp, MaxOp, ReduceOp,
             SoftmaxOp, LogSoftmaxOp, LayerNormOp, Conv1DOp, Conv2DOp, AttentionScoreOp,
             WeightedSumOp, FusedAttentionOp, TransposeOp, ReshapeOp, ConcatOp, SliceOp,
             UpdateSliceOp, EmbeddingOp, SinusoidalPositionOp, LearnedPositionOp,
             SubsampleLengthsOp, LSTMOp, GRUOp, LSTMCellOp, GRUCellOp, LogMelOp>(op);
}

namespace {
struct DecomposePass : public mlir::asr::impl::DecomposeBase<DecomposePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateDecomposePatterns(patterns);
    GreedyRewriteConfig config;
    config.enableRegionSimplification = GreedySimplifyRegionLevel::Disabled;
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(patterns), config))) {
      getOperation().emitError("decompose: the rewrite did not converge");
      return signalPassFailure();
    }
    auto *asr = getContext().getLoadedDialect<ASRDialect>();
    WalkResult result = getOperation().walk([&](Operation *op) {
      if (op->getDialect() != asr || isKernelLevel(op))
        return WalkResult::advance();
      op->emitOpError("decompose: a layer-level op is left that code generation does not "
                      "implement: expected kernel-level ops only, got ")
          << op->getName();
      return WalkResult::interrupt();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }
};
} // namespace
