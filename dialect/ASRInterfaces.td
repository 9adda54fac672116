//===- ASRInterfaces.td - asr op interfaces ---------------*- tablegen -*-===//

#ifndef ASR_INTERFACES_TD
#define ASR_INTERFACES_TD

include "mlir/IR/OpBase.td"

def ASR_InferShapeOpInterface : OpInterface<"InferShapeOpInterface"> {
  let description = [{
    Ops whose result types follow from their operand types and attributes.
    `inferResultTypes` checks every shape rule of the op, emitting an error
    that names the rule on the op's location when one fails, and otherwise
    appends one type per result. Dynamic dims (`?`) unify with any size.

    The interface verifier checks that the declared result types are
    compatible with the inferred ones, so every op that opts in is verified
    by the same function the frontend and `asr-infer-shapes` use to type it.
  }];
  let cppNamespace = "::mlir::asr";
  let methods = [
    InterfaceMethod<
      "Checks the op's shape rules and appends the inferred result types.",
      "::llvm::LogicalResult", "inferResultTypes",
      (ins "::llvm::SmallVectorImpl<::mlir::Type> &":$inferred)>
  ];
  let verify = [{
    return ::mlir::asr::detail::verifyInferredResultTypes($_op);
  }];
}

#endif // ASR_INTERFACES_TD
