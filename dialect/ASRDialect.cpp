//===- ASRDialect.cpp - the asr dialect -----------------------------------===//
#include "dialect/ASRDialect.h"
#include "dialect/ASROps.h"

using namespace mlir;
using namespace mlir::asr;

#include "dialect/ASRDialect.cpp.inc"

void ASRDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialect/ASROps.cpp.inc"
      >();
}
