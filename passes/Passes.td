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

#endif // ASR_PASSES_TD
