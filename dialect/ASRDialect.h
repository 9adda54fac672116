//===- ASRDialect.h - the asr dialect ---------------------------*- C++ -*-===//
#ifndef ASR_DIALECT_ASRDIALECT_H
#define ASR_DIALECT_ASRDIALECT_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Dialect.h"

#include "dialect/ASRDialect.h.inc"

#endif // ASR_DIALECT_ASRDIALECT_H
