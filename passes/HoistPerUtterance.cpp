//===- HoistPerUtterance.cpp - the asr-hoist-per-utterance pass -----------===//
//
// A decoder step runs once per output token, but part of its work depends
// only on what is fixed for the whole utterance: the encoder output and its
// lengths. Whisper's cross-attention projects the encoder output to keys
// and values in every step (2 x S x 384 x 384 per layer), LAS's
// location-aware attention computes W_k h_i over every encoder frame. This
// pass moves that work into a separate entry point, `<entry>_prepare`,
// which runs once per utterance; the step takes its results as inputs.
//
// Which inputs are fixed per utterance is the spec's word
// (`"per_utterance": true` on an entry-point input, the `asr.per_utterance`
// argument attribute): the compiler cannot know how a caller drives its
// entry points.
//
//===----------------------------------------------------------------------===//
#include "passes/Passes.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringSet.h"

#include <cctype>
#include <functional>

namespace mlir::asr {
#define GEN_PASS_DEF_HOISTPERUTTERANCE
#include "passes/Passes.h.inc"
} // namespace mlir::asr

using namespace mlir;
using namespace mlir::asr;

namespace {

/// How a value relates to the per-utterance inputs.
enum class Kind {
  Varying,   ///< depends on a per-step input (or has effects)
  Constant,  ///< depends on nothing but weights and constants
  Invariant, ///< depends on per-utterance inputs (and constants) only
};

/// A C identifier naming a hoisted value after where it was computed: the
/// spec node and the piece of its decomposition (`NameLoc`s, outermost
/// piece last), e.g. "blocks.0.cross_attn" + "k_proj" ->
/// "blocks_0_cross_attn_k_proj". JSON paths ("entry_points[2].nodes[14]")
/// are skipped.
std::string nameFromLoc(Location loc) {
  SmallVector<std::string> parts;
  while (true) {
    if (auto fused = dyn_cast<FusedLoc>(loc)) {
      if (fused.getLocations().empty())
        break;
      loc = fused.getLocations().back();
      continue;
    }
    auto named = dyn_cast<NameLoc>(loc);
    if (!named)
      break;
    StringRef n = named.getName().strref();
    if (!n.starts_with("entry_points["))
      parts.push_back(n.str());
    loc = named.getChildLoc();
  }
  std::string id;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
    if (!id.empty())
      id += "_";
    for (char c : *it)
      id += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  }
  if (id.empty())
    id = "hoisted";
  else if (std::isdigit(static_cast<unsigned char>(id[0])))
    id = "hoisted_" + id;
  return id;
}

/// The symbol (or size) of every dim of `v`, as in the `asr.dims` argument
/// attribute, followed through the ops that move dims around without
/// changing them (views, matmul, elementwise ops). A dynamic dim whose
/// origin is not followed gets its own symbol, `<name>.<dim>`, which binds
/// at the first call like any other symbol.
class DimSymbols {
public:
  DimSymbols(func::FuncOp func) : func(func) {}

  SmallVector<Attribute> get(Value v, StringRef name) {
    SmallVector<Attribute> out;
    auto t = cast<RankedTensorType>(v.getType());
    Builder b(v.getContext());
    for (int64_t i = 0; i < t.getRank(); ++i) {
      if (!t.isDynamicDim(i)) {
        out.push_back(b.getI64IntegerAttr(t.getDimSize(i)));
        continue;
      }
      StringAttr s = symbol(v, i);
      out.push_back(s ? Attribute(s) : b.getStringAttr(name + "." + std::to_string(i)));
    }
    return out;
  }

private:
  /// The symbol of dynamic dim `i` of `v`, or null.
  StringAttr symbol(Value v, int64_t i) {
    auto t = dyn_cast<RankedTensorType>(v.getType());
    if (!t || i < 0 || i >= t.getRank() || !t.isDynamicDim(i))
      return {};
    if (auto arg = dyn_cast<BlockArgument>(v)) {
      auto dims = func.getArgAttrOfType<ArrayAttr>(arg.getArgNumber(), "asr.dims");
      return dims && i < (int64_t)dims.size() ? dyn_cast<StringAttr>(dims[i]) : StringAttr();
    }
    Operation *op = v.getDefiningOp();
    int64_t rank = t.getRank();
    // Dim i of a result aligned from the right with an operand (broadcast).
    auto aligned = [&](Value operand) {
      int64_t r = cast<RankedTensorType>(operand.getType()).getRank();
      return symbol(operand, i - (rank - r));
    };
    if (auto r = dyn_cast<ReshapeOp>(op)) {
      ArrayRef<int64_t> shape = r.getShape();
      return i < (int64_t)shape.size() && shape[i] == 0 ? symbol(r.getInput(), i) : StringAttr();
    }
    if (auto tr = dyn_cast<TransposeOp>(op))
      return symbol(tr.getInput(), tr.getPerm()[i]);
    if (auto m = dyn_cast<MatmulOp>(op)) {
      if (i == rank - 2)
        return symbol(m.getLhs(), cast<RankedTensorType>(m.getLhs().getType()).getRank() -
                                      (m.getTransposeLhs() ? 1 : 2));
      if (i == rank - 1)
        return symbol(m.getRhs(), cast<RankedTensorType>(m.getRhs().getType()).getRank() -
                                      (m.getTransposeRhs() ? 2 : 1));
      StringAttr s = aligned(m.getLhs());
      return s ? s : aligned(m.getRhs());
    }
    if (isa<AddOp, SubOp, MulOp, DivOp, MaxOp>(op)) {
      StringAttr s = aligned(op->getOperand(0));
      return s ? s : aligned(op->getOperand(1));
    }
    if (isa<ReluOp, GeluOp, GeluTanhOp, TanhOp, SigmoidOp, SiluOp, ExpOp, LogOp, NegOp, SqrtOp,
            RsqrtOp, ScaleOp, LayerNormOp>(op))
      return aligned(op->getOperand(0));
    return {};
  }

  func::FuncOp func;
};

struct HoistPerUtterancePass
    : public mlir::asr::impl::HoistPerUtteranceBase<HoistPerUtterancePass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> funcs(module.getOps<func::FuncOp>());
    for (func::FuncOp func : funcs)
      if (failed(hoist(module, func)))
        return signalPassFailure();
  }

  LogicalResult hoist(ModuleOp module, func::FuncOp func);
};

} // namespace

LogicalResult HoistPerUtterancePass::hoist(ModuleOp module, func::FuncOp func) {
  if (func.isExternal() || !func.getBody().hasOneBlock())
    return success();
  Block &block = func.getBody().front();

  // 1. Classify every value, in op order (the block is in SSA order).
  DenseMap<Value, Kind> kind;
  SmallVector<BlockArgument> perUtterance;
  for (BlockArgument arg : block.getArguments()) {
    bool pu = func.getArgAttr(arg.getArgNumber(), "asr.per_utterance") != nullptr;
    kind[arg] = pu ? Kind::Invariant : Kind::Varying;
    if (pu)
      perUtterance.push_back(arg);
  }
  if (perUtterance.empty())
    return success();
  for (Operation &op : block.without_terminator()) {
    Kind k = Kind::Constant;
    if (!isMemoryEffectFree(&op) || op.getNumRegions() != 0) {
      k = Kind::Varying;
    } else {
      for (Value operand : op.getOperands()) {
        auto it = kind.find(operand);
        Kind ok = it == kind.end() ? Kind::Varying : it->second;
        if (ok == Kind::Varying) {
          k = Kind::Varying;
          break;
        }
        if (ok == Kind::Invariant)
          k = Kind::Invariant;
      }
    }
    for (Value r : op.getResults())
      kind[r] = k;
  }

  // 2. The frontier: invariant values computed here that a varying op (or
  // the return) uses. Only those whose computation does more than reshape
  // an input are worth an input of their own.
  auto isInvariantOp = [&](Operation *op) {
    return op && op->getNumResults() && kind.lookup(op->getResult(0)) == Kind::Invariant;
  };
  std::function<bool(Value)> computes = [&](Value v) {
    Operation *def = v.getDefiningOp();
    if (!isInvariantOp(def))
      return false;
    if (!isa<ReshapeOp>(def))
      return true;
    return llvm::any_of(def->getOperands(), computes);
  };
  llvm::SetVector<Value> frontier;
  for (Operation &op : block) {
    bool userVarying = !isInvariantOp(&op);
    if (!userVarying)
      continue;
    for (Value operand : op.getOperands())
      if (isInvariantOp(operand.getDefiningOp()) && computes(operand))
        frontier.insert(operand);
  }
  if (frontier.empty())
    return success();

  std::string prepName = (func.getSymName() + "_prepare").str();
  if (module.lookupSymbol(prepName))
    return func.emitError("hoist-per-utterance: cannot create '")
           << prepName << "' for the per-utterance work of '" << func.getSymName()
           << "': the module already has a symbol of that name";

  // 3. The prepare function: the per-utterance inputs it needs, the ops
  // that compute the frontier (with the constants they use), the frontier
  // as results.
  llvm::SetVector<Operation *> slice;
  std::function<void(Value)> collect = [&](Value v) {
    Operation *def = v.getDefiningOp();
    if (!def || slice.contains(def))
      return;
    for (Value operand : def->getOperands())
      collect(operand);
    slice.insert(def);
  };
  for (Value v : frontier)
    collect(v);
  SmallVector<BlockArgument> prepArgs;
  for (BlockArgument arg : perUtterance)
    if (llvm::any_of(arg.getUsers(), [&](Operation *user) { return slice.contains(user); }))
      prepArgs.push_back(arg);

  // Result names, unique among the step's inputs.
  llvm::StringSet<> taken;
  for (BlockArgument arg : block.getArguments())
    if (auto n = func.getArgAttrOfType<StringAttr>(arg.getArgNumber(), "asr.name"))
      taken.insert(n.getValue());
  SmallVector<std::string> names;
  for (Value v : frontier) {
    std::string base = nameFromLoc(v.getLoc()), n = base;
    for (int k = 2; taken.contains(n); ++k)
      n = base + "_" + std::to_string(k);
    taken.insert(n);
    names.push_back(n);
  }

  OpBuilder b(module.getContext());
  b.setInsertionPointAfter(func);
  SmallVector<Type> argTypes, resultTypes;
  for (BlockArgument arg : prepArgs)
    argTypes.push_back(arg.getType());
  for (Value v : frontier)
    resultTypes.push_back(v.getType());
  auto prep = b.create<func::FuncOp>(func.getLoc(), prepName,
                                     b.getFunctionType(argTypes, resultTypes));
  for (auto [i, arg] : llvm::enumerate(prepArgs)) {
    SmallVector<NamedAttribute> attrs;
    for (NamedAttribute a : func.getArgAttrDict(arg.getArgNumber()).getValue())
      if (a.getName() != "asr.per_utterance")
        attrs.push_back(a);
    prep.setArgAttrs(i, attrs);
  }
  for (auto [i, n] : llvm::enumerate(names))
    prep.setResultAttr(i, "asr.name", b.getStringAttr(n));
  prep->setAttr("asr.prepares", b.getStringAttr(func.getSymName()));
  Block *prepBlock = prep.addEntryBlock();
  IRMapping map;
  for (auto [i, arg] : llvm::enumerate(prepArgs))
    map.map(arg, prepBlock->getArgument(i));
  b.setInsertionPointToEnd(prepBlock);
  for (Operation *op : slice)
    b.clone(*op, map);
  SmallVector<Value> rets;
  for (Value v : frontier)
    rets.push_back(map.lookup(v));
  b.create<func::ReturnOp>(func.getLoc(), rets);

  // 4. The step takes the frontier as inputs (after its own), and loses
  // the work and the per-utterance inputs nothing uses any more.
  DimSymbols dims(func);
  unsigned first = func.getNumArguments();
  for (auto [i, hoisted] : llvm::enumerate(frontier)) {
    Value v = hoisted;
    SmallVector<NamedAttribute> attrs{
        b.getNamedAttr("asr.name", b.getStringAttr(names[i])),
        b.getNamedAttr("asr.dims", b.getArrayAttr(dims.get(v, names[i]))),
        b.getNamedAttr("asr.prepared_by", b.getStringAttr(prepName))};
    func.insertArgument(first + i, v.getType(), b.getDictionaryAttr(attrs), v.getLoc());
    v.replaceAllUsesWith(block.getArgument(first + i));
  }
  SmallVector<Operation *> ops;
  for (Operation &op : block.without_terminator())
    ops.push_back(&op);
  for (Operation *op : llvm::reverse(ops))
    if (op->use_empty() && isMemoryEffectFree(op))
      op->erase();
  llvm::BitVector unused(func.getNumArguments());
  for (BlockArgument arg : perUtterance)
    if (arg.use_empty())
      unused.set(arg.getArgNumber());
  func.eraseArguments(unused);
  return success();
}
