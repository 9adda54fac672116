//===- FuseAttention.cpp - the asr-fuse-attention pass --------------------===//
//
// Fuses the kernel-level attention chain that asr-decompose produces,
//
//   attention_score -> [scale] -> softmax -> weighted_sum,
//
// into one asr.fused_attention, which the code generators implement with an
// online softmax that never holds the [Lq, Lk] score matrix. One
// OpRewritePattern, rooted at the weighted_sum (the end of the chain).
//
//===----------------------------------------------------------------------===//
#include "passes/Passes.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Dominance.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::asr {
#define GEN_PASS_DEF_FUSEATTENTION
#include "passes/Passes.h.inc"
} // namespace mlir::asr

using namespace mlir;
using namespace mlir::asr;

static RankedTensorType rankedType(Value v) { return dyn_cast<RankedTensorType>(v.getType()); }

/// Whether dims `a` and `b` are the same size without broadcasting: equal
/// static sizes, or both dynamic (dynamic batch dims of one chain are the
/// same batch). A static size against a dynamic one could be a broadcast
/// of 1 at run time, which the fused op's fixed shapes cannot express.
static bool sameDim(int64_t a, int64_t b) { return a == b; }

/// Whether the leading `n` dims of every value are pairwise the same (see
/// sameDim).
static bool sameLeadingDims(ArrayRef<Value> values, int64_t n) {
  ArrayRef<int64_t> first = rankedType(values.front()).getShape();
  for (Value v : values.drop_front()) {
    ArrayRef<int64_t> shape = rankedType(v).getShape();
    for (int64_t i = 0; i < n; ++i)
      if (!sameDim(first[i], shape[i]))
        return false;
  }
  return true;
}

/// Whether the query's leading `n` dims are the keys' (see sameDim) or,
/// with `allowOnes`, a static 1 that broadcasts over the keys' (the fused
/// dot form's one query for every utterance or head, as content attention
/// lowers to).
static bool queryBroadcasts(RankedTensorType q, RankedTensorType k, int64_t n, bool allowOnes) {
  for (int64_t i = 0; i < n; ++i)
    if (!sameDim(q.getDimSize(i), k.getDimSize(i)) && !(allowOnes && q.getDimSize(i) == 1))
      return false;
  return true;
}

namespace {
/// weighted_sum(softmax(attention_score(q, k) [* factor]), values)
///   -> fused_attention(q, k, values)
///
/// * dot: q, k, values are [B, H, L, D] (sdpa's lowering); the fused scale is
///   the score's scale times the factor of an asr.scale between score and
///   softmax. q's B and H may each be a static 1 broadcast over the keys'
///   (content attention: q is the score weight w as [1, 1, 1, D] against
///   the frames [B, 1, T, D], see DecomposeContentAttention).
/// * additive: q [B, Lq, A], k [B, Lk, A], v [A], bias [A] of the score,
///   values [B, Lk, Dv]; an asr.scale between score and softmax is not
///   fused (the fused additive op is unscaled).
///
/// The softmax's lengths become key_lengths, its causal flag the fused op's.
/// When the probabilities have other users the fused op returns them
/// (`return_probs`) and those users take its second result; when the score
/// or the scale have other users nothing is fused (they would be computed
/// twice).
struct FuseAttentionChain : OpRewritePattern<WeightedSumOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(WeightedSumOp sum, PatternRewriter &rewriter) const override {
    // The chain, from the end.
    auto softmax = sum.getProbs().getDefiningOp<SoftmaxOp>();
    if (!softmax)
      return rewriter.notifyMatchFailure(sum, "probs are not a softmax result");
    Value values = sum.getValues();
    if (values == softmax.getResult())
      return rewriter.notifyMatchFailure(sum, "the probabilities are also the values");
    Value scores = softmax.getInput();
    ScaleOp scale = scores.getDefiningOp<ScaleOp>();
    double factor = 1.0;
    if (scale) {
      if (!scale->hasOneUse())
        return rewriter.notifyMatchFailure(sum, "the scaled scores have other users");
      factor = scale.getFactor().convertToDouble();
      scores = scale.getInput();
    }
    auto score = scores.getDefiningOp<AttentionScoreOp>();
    if (!score)
      return rewriter.notifyMatchFailure(sum, "the softmax input is not an attention_score");
    if (!score->hasOneUse())
      return rewriter.notifyMatchFailure(sum, "the scores have other users");

    // Shapes: the softmax is over the score's last (keys) dim, and the
    // values' keys dim is their second to last; the fused op has fixed
    // ranks and no batch broadcasting but a dot query's static 1s.
    Value q = score.getQuery(), k = score.getKey();
    RankedTensorType qt = rankedType(q), kt = rankedType(k), vt = rankedType(values),
                     st = rankedType(score.getResult()), pt = rankedType(softmax.getResult()),
                     ot = rankedType(sum.getResult());
    if (!qt || !kt || !vt || !st || !pt || !ot)
      return rewriter.notifyMatchFailure(sum, "unranked operands");
    bool dot = score.getKind() == ScoreKind::dot;
    int64_t rank = dot ? 4 : 3, batchDims = dot ? 2 : 1;
    if (qt.getRank() != rank || kt.getRank() != rank || vt.getRank() != rank ||
        st.getRank() != rank || pt.getRank() != rank || ot.getRank() != rank)
      return rewriter.notifyMatchFailure(
          sum, dot ? "dot attention is fused over [B, H, L, D] operands only"
                   : "additive attention is fused over [B, L, A] operands only");
    if (!sameLeadingDims({k, values, score.getResult(), softmax.getResult(), sum.getResult()},
                         batchDims))
      return rewriter.notifyMatchFailure(sum, "the chain broadcasts batch dims");
    if (!queryBroadcasts(qt, kt, batchDims, /*allowOnes=*/dot))
      return rewriter.notifyMatchFailure(
          sum, "the query's batch dims are neither the keys' nor (dot) a static 1");
    if (failed(verifyCompatibleShape(st, pt)) ||
        !sameDim(kt.getDimSize(rank - 2), vt.getDimSize(rank - 2)))
      return rewriter.notifyMatchFailure(sum, "the values' keys dim is not the score's keys");
    if (!dot && scale)
      return rewriter.notifyMatchFailure(sum, "fused additive attention is unscaled");

    // Where the fused op goes: at the weighted_sum, unless other users of
    // the probabilities come before it; then at the softmax, if the values
    // are available there.
    bool returnProbs = !llvm::all_of(softmax->getUsers(),
                                     [&](Operation *user) { return user == sum; });
    Operation *insertionPoint = sum;
    if (returnProbs) {
      DominanceInfo dominance;
      bool afterSum = llvm::all_of(softmax->getUsers(), [&](Operation *user) {
        return user == sum || dominance.properlyDominates(sum.getOperation(), user);
      });
      if (!afterSum) {
        if (!dominance.properlyDominates(values, softmax))
          return rewriter.notifyMatchFailure(
              sum, "the probabilities are used before the values are available");
        insertionPoint = softmax;
      }
    }

    SmallVector<Location> locs{score.getLoc()};
    if (scale)
      locs.push_back(scale.getLoc());
    locs.append({softmax.getLoc(), sum.getLoc()});
    Location loc = rewriter.getFusedLoc(locs);

    // Build detached, check the op's shape rules accept it and agree with
    // the types it takes over (the weighted_sum's, the softmax's), then
    // insert. Rule failures are expected here (this is matching), so their
    // diagnostics are swallowed.
    OperationState state(loc, FusedAttentionOp::getOperationName());
    FusedAttentionOp::build(rewriter, state, sum.getType(), returnProbs ? pt : Type(),
                            score.getKindAttr(), q, k, values, softmax.getLengths(),
                            score.getV(), score.getBias(),
                            rewriter.getF32FloatAttr(score.getScale().convertToDouble() * factor),
                            softmax.getCausalAttr(),
                            returnProbs ? rewriter.getUnitAttr() : UnitAttr());
    Operation *fused = Operation::create(state);
    SmallVector<Type> inferred;
    {
      ScopedDiagnosticHandler quiet(rewriter.getContext(), [](Diagnostic &) { return success(); });
      if (failed(cast<InferShapeOpInterface>(fused).inferResultTypes(inferred)) ||
          inferred.size() != fused->getNumResults() ||
          !llvm::all_of(llvm::zip(inferred, fused->getResultTypes()), [](auto pair) {
            auto [want, got] = pair;
            return getElementTypeOrSelf(want) == getElementTypeOrSelf(got) &&
                   succeeded(verifyCompatibleShape(want, got));
          })) {
        fused->destroy();
        return rewriter.notifyMatchFailure(sum, "the fused op's shape rules reject the chain");
      }
    }
    rewriter.setInsertionPoint(insertionPoint);
    rewriter.insert(fused);

    rewriter.replaceOp(sum, fused->getResult(0));
    if (returnProbs)
      rewriter.replaceAllUsesWith(softmax.getResult(), fused->getResult(1));
    rewriter.eraseOp(softmax);
    if (scale)
      rewriter.eraseOp(scale);
    rewriter.eraseOp(score);
    return success();
  }
};
} // namespace

void mlir::asr::populateFuseAttentionPatterns(RewritePatternSet &patterns) {
  patterns.add<FuseAttentionChain>(patterns.getContext());
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

namespace {
struct FuseAttentionPass : public mlir::asr::impl::FuseAttentionBase<FuseAttentionPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateFuseAttentionPatterns(patterns);
    GreedyRewriteConfig config;
    config.enableRegionSimplification = GreedySimplifyRegionLevel::Disabled;
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(patterns), config))) {
      getOperation().emitError("fuse-attention: the rewrite did not converge");
      return signalPassFailure();
    }
  }
};
} // namespace
