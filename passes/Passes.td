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
