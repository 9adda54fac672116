//===- CudaKernels.cpp - dispatch, shared helpers, the module's .cu -------===//

#include "codegen/cuda/CudaKernelsInternal.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace asr::cuda {

//===----------------------------------------------------------------------===//
// Expression helpers
//===----------------------------------------------------------------------===//

const char *computeType(ElemType t) {
  switch (t) {
  case ElemType::I32: return "int32_t";
  case ElemType::I64: return "int64_t";
  default: return "float";
  }
}

std::string load(ElemType t, const std::string &ptr, const std::string &index) {
  switch (t) {
  case ElemType::F32: return "((const float *)(" + ptr + "))[" + index + "]";
  case ElemType::F16: return "asrc_f16_to_f32(((const uint16_t *)(" + ptr + "))[" + index + "])";
  case ElemType::BF16: return "asrc_bf16_to_f32(((const uint16_t *)(" + ptr + "))[" + index + "])";
  case ElemType::I32: return "((const int32_t *)(" + ptr + "))[" + index + "]";
  case ElemType::I64: return "((const int64_t *)(" + ptr + "))[" + index + "]";
  }
  return "0";
}

std::string store(ElemType t, const std::string &ptr, const std::string &index,
                  const std::string &value) {
  switch (t) {
  case ElemType::F32: return "((float *)(" + ptr + "))[" + index + "] = " + value + ";";
  case ElemType::F16:
    return "((uint16_t *)(" + ptr + "))[" + index + "] = asrc_f32_to_f16(" + value + ");";
  case ElemType::BF16:
    return "((uint16_t *)(" + ptr + "))[" + index + "] = asrc_f32_to_bf16(" + value + ");";
  case ElemType::I32: return "((int32_t *)(" + ptr + "))[" + index + "] = (int32_t)(" + value + ");";
  case ElemType::I64: return "((int64_t *)(" + ptr + "))[" + index + "] = (int64_t)(" + value + ");";
  }
  return ";";
}

std::string floatLiteral(double v) {
  float f = static_cast<float>(v);
  if (std::isnan(f))
    return "__int_as_float(0x7fc00000)";
  if (std::isinf(f))
    return f > 0 ? "__int_as_float(0x7f800000)" : "__int_as_float((int)0xff800000)";
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%af", f);
  return buf;
}

std::string dimExpr(const TensorDesc &t, int tensorIndex, int d) {
  if (d < 0)
    d += t.rank();
  if (d >= 0 && d < t.rank() && t.dims[d] >= 0)
    return "(int64_t)" + std::to_string(t.dims[d]);
  return "a.t[" + std::to_string(tensorIndex) + "].dims[" + std::to_string(d) + "]";
}

std::string substitute(const std::string &text,
                       const std::vector<std::pair<std::string, std::string>> &vars) {
  std::string out;
  out.reserve(text.size() + 256);
  for (size_t i = 0; i < text.size();) {
    if (text.compare(i, 2, "${") == 0) {
      size_t end = text.find('}', i);
      if (end == std::string::npos)
        throw std::invalid_argument("substitute: unterminated ${ in template");
      std::string key = text.substr(i + 2, end - i - 2);
      bool found = false;
      for (const auto &[k, v] : vars)
        if (k == key) {
          out += v;
          found = true;
          break;
        }
      if (!found)
        throw std::invalid_argument("substitute: no value for ${" + key + "}");
      i = end + 1;
      continue;
    }
    out += text[i++];
  }
  return out;
}

//===----------------------------------------------------------------------===//
// Dispatch
//===----------------------------------------------------------------------===//

namespace {

KindEmitter familyOf(KernelKind kind) {
  switch (kind) {
  case KernelKind::Matmul:
  case KernelKind::Reduce:
  case KernelKind::Softmax:
  case KernelKind::LogSoftmax:
  case KernelKind::LayerNorm:
  case KernelKind::Conv1D:
  case KernelKind::Conv2D:
  case KernelKind::ScoreDot:
  case KernelKind::ScoreAdditive:
  case KernelKind::WeightedSum:
    return emitComputeKernel;
  case KernelKind::FusedAttention:
  case KernelKind::RecurrentStep:
    return emitAttentionKernel;
  case KernelKind::Unary:
  case KernelKind::Scale:
  case KernelKind::Binary:
  case KernelKind::Transpose:
  case KernelKind::Copy:
  case KernelKind::Concat:
  case KernelKind::Slice:
  case KernelKind::UpdateSlice:
  case KernelKind::Embedding:
  case KernelKind::SinusoidalPosition:
  case KernelKind::LearnedPosition:
  case KernelKind::SubsampleLengths:
  case KernelKind::LogMel:
    return emitDataKernel;
  }
  return nullptr;
}

} // namespace

bool emitKernel(const KernelDesc &desc, const std::string &name, CudaKernelSource &out,
                std::string &error) {
  KindEmitter emit = familyOf(desc.kind);
  if (!emit) {
    error = "no CUDA kernel for this kind";
    return false;
  }
  if (desc.inputs.size() + desc.outputs.size() > 12) {
    error = "more than 12 tensor arguments";
    return false;
  }
  for (const auto *list : {&desc.inputs, &desc.outputs})
    for (const TensorDesc &t : *list)
      if (t.rank() > 8) {
        error = "a tensor of rank > 8";
        return false;
      }
  try {
    return emit(desc, name, out, error);
  } catch (const std::exception &e) {
    error = e.what();
    return false;
  }
}

//===----------------------------------------------------------------------===//
// The prelude and the module
//===----------------------------------------------------------------------===//

static const char *kCorePrelude = R"cuda(
// --- asrc core device helpers ---
#define ASRC_KERNEL extern "C" __global__
#define ASRC_DI static __device__ __forceinline__

// f16 / bf16 are stored as 16-bit patterns and computed in f32 (no
// cuda_fp16.h: the same code builds for the CPU emulator).
ASRC_DI float asrc_f16_to_f32(uint16_t h) {
  uint32_t sign = (uint32_t)(h & 0x8000u) << 16, exp = (h >> 10) & 0x1fu, man = h & 0x3ffu;
  uint32_t bits;
  if (exp == 0) {
    if (man == 0) {
      bits = sign;
    } else { // subnormal: normalize
      exp = 127 - 15 + 1;
      while (!(man & 0x400u)) { man <<= 1; --exp; }
      man &= 0x3ffu;
      bits = sign | (exp << 23) | (man << 13);
    }
  } else if (exp == 31) {
    bits = sign | 0x7f800000u | (man << 13);
  } else {
    bits = sign | ((exp + 127 - 15) << 23) | (man << 13);
  }
  return __uint_as_float(bits);
}
ASRC_DI uint16_t asrc_f32_to_f16(float f) {
  uint32_t x = __float_as_uint(f), sign = (x >> 16) & 0x8000u;
  uint32_t absx = x & 0x7fffffffu;
  if (absx >= 0x7f800000u) // inf / nan
    return (uint16_t)(sign | 0x7c00u | (absx > 0x7f800000u ? 0x200u : 0u));
  if (absx >= 0x477ff000u) // rounds to >= 65520: inf
    return (uint16_t)(sign | 0x7c00u);
  if (absx < 0x38800000u) { // below 2^-14: a subnormal f16 (units of 2^-24) or zero
    if (absx < 0x33000000u)  // below 2^-25: rounds to zero
      return (uint16_t)sign;
    uint32_t e = absx >> 23, m = (absx & 0x7fffffu) | 0x800000u;
    uint32_t shift = 126 - e, r = m >> shift;
    uint32_t rem = m & ((1u << shift) - 1u), half = 1u << (shift - 1);
    if (rem > half || (rem == half && (r & 1u)))
      ++r; // round to nearest even (a carry gives the smallest normal)
    return (uint16_t)(sign | r);
  }
  uint32_t r = absx - 0x38000000u; // rebias the exponent from 127 to 15
  r += 0xfffu + ((r >> 13) & 1u);  // round to nearest even
  return (uint16_t)(sign | (r >> 13));
}
ASRC_DI float asrc_bf16_to_f32(uint16_t h) { return __uint_as_float((uint32_t)h << 16); }
ASRC_DI uint16_t asrc_f32_to_bf16(float f) {
  uint32_t x = __float_as_uint(f);
  if ((x & 0x7fffffffu) > 0x7f800000u)
    return (uint16_t)((x >> 16) | 0x40u); // quiet nan
  return (uint16_t)((x + 0x7fffu + ((x >> 16) & 1u)) >> 16);
}

// Reductions. Every thread of the warp (asrc_warp_*) or of the block
// (asrc_block_*) must call them.
ASRC_DI float asrc_warp_sum(float v) {
  for (int o = 16; o > 0; o >>= 1)
    v += __shfl_xor_sync(0xffffffffu, v, o);
  return v;
}
ASRC_DI float asrc_warp_max(float v) {
  for (int o = 16; o > 0; o >>= 1)
    v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
  return v;
}
// Block-wide sum / max for blockDim.x a multiple of 32 (at most 1024), 1-D
// blocks; every thread gets the result. `tmp` is __shared__ float[32].
ASRC_DI float asrc_block_sum(float v, float *tmp) {
  int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
  v = asrc_warp_sum(v);
  __syncthreads(); // tmp may still be read from a previous call
  if (lane == 0) tmp[warp] = v;
  __syncthreads();
  v = lane < warps ? tmp[lane] : 0.0f;
  return asrc_warp_sum(v);
}
ASRC_DI float asrc_block_max(float v, float *tmp) {
  int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
  v = asrc_warp_max(v);
  __syncthreads();
  if (lane == 0) tmp[warp] = v;
  __syncthreads();
  v = lane < warps ? tmp[lane] : -__int_as_float(0x7f800000);
  return asrc_warp_max(v);
}

// Activations (the asr ops' definitions, docs/dialect-ops.md).
ASRC_DI float asrc_sigmoid(float x) { return 1.0f / (1.0f + expf(-x)); }
ASRC_DI float asrc_gelu(float x) { return 0.5f * x * (1.0f + erff(x * 0.70710678118654752f)); }
ASRC_DI float asrc_gelu_tanh(float x) {
  return 0.5f * x * (1.0f + tanhf(0.79788456080286536f * (x + 0.044715f * x * x * x)));
}
ASRC_DI float asrc_silu(float x) { return x / (1.0f + expf(-x)); }
ASRC_DI unsigned asrc_blocks(int64_t n, int64_t per) { return (unsigned)((n + per - 1) / per); }
)cuda";

std::string devicePrelude() {
  return std::string("#include \"asrc_cuda.h\"\n") + kCorePrelude + computePrelude() +
         attentionPrelude() + dataPrelude();
}

bool emitModule(const std::string &modelName, const std::vector<CudaKernelRequest> &kernels,
                std::string &device, std::string &plans, std::string &error) {
  device = "// " + modelName +
           ".cu: generated by asrc from the asr IR of model '" + modelName +
           "'. Do not edit.\n// One kernel (or a few launches of one) per kernel-level asr op; "
           "the comment above each\n// names the op, where the spec defines it, and its "
           "KernelDesc key.\n" +
           devicePrelude() + "\n";
  plans = "// Launch plans of the CUDA kernels in " + modelName + ".cu (runtime/asrc_cuda.h).\n";
  for (const CudaKernelRequest &k : kernels) {
    CudaKernelSource src;
    std::string why;
    if (!emitKernel(*k.desc, k.name, src, why)) {
      error = "kernel " + k.name + " (" + k.location + "): " + why;
      return false;
    }
    std::string head = "//===--- " + k.name + " ---===//\n// " + kernels::kindName(k.desc->kind) +
                       " at " + k.location + "\n// " + k.desc->key() + "\n";
    device += "\n" + head + src.device;
    plans += "\n// " + k.name + " (" + k.location + ")\n" + src.plan;
  }
  return true;
}

} // namespace asr::cuda
