//===- asr-opt.cpp - run asr passes on MLIR files -------------------------===//
//
// mlir-opt for the asr dialect: parses .mlir files with the asr, func, arith
// and tensor dialects, runs asr passes, prints the result. Used by the lit
// tests (including --verify-diagnostics) and for debugging pipelines.
//
//===----------------------------------------------------------------------===//
#include "dialect/ASRDialect.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  registry.insert<mlir::asr::ASRDialect, mlir::arith::ArithDialect, mlir::func::FuncDialect,
                  mlir::tensor::TensorDialect>();
  mlir::asr::registerASRPasses();
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "asr-opt: run passes on asr dialect IR\n", registry));
}
