//===- PlanBuffers.cpp - the asr-plan-buffers pass ------------------------===//
//
// Linear-scan slot assignment over the single block of an entry point. Sizes
// are symbolic (dynamic batch and time), so slots are sized at run time; the
// plan only decides which values may share memory.
//
//===----------------------------------------------------------------------===//
#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace mlir::asr {
#define GEN_PASS_DEF_PLANBUFFERS
#include "passes/Passes.h.inc"
} // namespace mlir::asr

using namespace mlir;
using namespace mlir::asr;

/// Whether `v` needs workspace memory: produced by an op that computes it,
/// and not returned (function results are written to the caller's tensors).
static bool needsSlot(Value v) {
  Operation *def = v.getDefiningOp();
  if (!def || isa<WeightOp, arith::ConstantOp>(def))
    return false;
  for (Operation *user : v.getUsers())
    if (isa<func::ReturnOp>(user))
      return false;
  return true;
}

namespace {
struct PlanBuffersPass : public mlir::asr::impl::PlanBuffersBase<PlanBuffersPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    if (!func.getBody().hasOneBlock()) {
      func.emitError("asr-plan-buffers: entry points have one block, got ")
          << func.getBody().getBlocks().size();
      return signalPassFailure();
    }
    Block &block = func.getBody().front();

    // Position of every op, and the last position at which each value is used.
    DenseMap<Operation *, int64_t> position;
    for (auto [i, op] : llvm::enumerate(block))
      position[&op] = i;
    auto lastUse = [&](Value v) {
      int64_t last = position[v.getDefiningOp()];
      for (Operation *user : v.getUsers())
        last = std::max(last, position[block.findAncestorOpInBlock(*user)]);
      return last;
    };

    // Slots and the position after which each becomes free again.
    SmallVector<int64_t> freeAfter;
    Builder builder(func.getContext());
    for (Operation &op : block) {
      if (op.getNumResults() == 0 || isa<WeightOp, arith::ConstantOp>(op))
        continue;
      int64_t here = position[&op];
      SmallVector<int64_t> slots;
      bool any = false;
      for (Value result : op.getResults()) {
        if (!needsSlot(result)) {
          slots.push_back(-1);
          continue;
        }
        any = true;
        // First free slot: its last value died strictly before this op.
        int64_t slot = -1;
        for (auto [s, after] : llvm::enumerate(freeAfter))
          if (after < here) {
            slot = s;
            break;
          }
        if (slot < 0) {
          slot = freeAfter.size();
          freeAfter.push_back(0);
        }
        // A value with no use still occupies its slot while the op runs.
        freeAfter[slot] = std::max(lastUse(result), here);
        slots.push_back(slot);
      }
      if (any)
        op.setAttr("asr.slots", builder.getDenseI64ArrayAttr(slots));
    }
    func->setAttr("asr.num_slots", builder.getI64IntegerAttr(freeAfter.size()));
  }
};
} // namespace
