//===- CudaKernelsData.cpp - CUDA kernels of the data family --------------===//
//
// Elementwise and data-movement kinds: one thread per output element, grid-
// stride loops, 256-thread blocks.
//
//===----------------------------------------------------------------------===//

#include "codegen/cuda/CudaKernelsInternal.h"

namespace asr::cuda {

std::string dataPrelude() { return ""; }

namespace {

/// The f32 expression of unary `fn` applied to `x`.
bool unaryExpr(const std::string &fn, const std::string &x, std::string &out) {
  static const std::vector<std::pair<std::string, std::string>> table = {
      {"relu", "fmaxf(${x}, 0.0f)"},  {"gelu", "asrc_gelu(${x})"},
      {"gelu_tanh", "asrc_gelu_tanh(${x})"}, {"tanh", "tanhf(${x})"},
      {"sigmoid", "asrc_sigmoid(${x})"}, {"silu", "asrc_silu(${x})"},
      {"exp", "expf(${x})"},           {"log", "logf(${x})"},
      {"neg", "(-(${x}))"},            {"sqrt", "sqrtf(${x})"},
      {"rsqrt", "(1.0f / sqrtf(${x}))"}};
  for (const auto &[name, tmpl] : table)
    if (name == fn) {
      out = substitute(tmpl, {{"x", x}});
      return true;
    }
  return false;
}

/// Unary and Scale: out[i] = f(in[i]) over the flat elements.
bool emitElementwiseUnary(const KernelDesc &desc, const std::string &name, CudaKernelSource &out,
                          std::string &error) {
  if (desc.inputs.size() != 1 || desc.outputs.size() != 1) {
    error = "expected 1 input and 1 output";
    return false;
  }
  ElemType in = desc.inputs[0].type, res = desc.outputs[0].type;
  std::string x = load(in, "a.t[0].data", "i"), value;
  if (desc.kind == KernelKind::Scale) {
    value = "(" + x + ") * " + floatLiteral(desc.getFloat("factor", 1.0));
  } else if (!unaryExpr(desc.fn, x, value)) {
    error = "unknown unary function '" + desc.fn + "'";
    return false;
  }
  out.device = substitute(R"cuda(ASRC_KERNEL void __launch_bounds__(256) ${name}(asrc_cu_args a) {
  int64_t n = 1;
  for (int d = 0; d < a.t[1].rank; ++d) n *= a.t[1].dims[d];
  for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < n;
       i += (int64_t)gridDim.x * blockDim.x) {
    ${store}
  }
}
)cuda",
                          {{"name", name}, {"store", store(res, "a.t[1].data", "i", value)}});
  out.plan = substitute(R"cuda(extern "C" void ${name}_plan(const asrc_cu_args *a, asrc_cu_plan *p) {
  int64_t n = 1;
  for (int d = 0; d < a->t[1].rank; ++d) n *= a->t[1].dims[d];
  int64_t blocks = (n + 255) / 256;
  p->num_steps = n > 0;
  p->steps[0] = {"${name}", {(uint32_t)(blocks < 65536 ? blocks : 65536), 1, 1}, {256, 1, 1}};
}
)cuda",
                        {{"name", name}});
  return true;
}

} // namespace

bool emitDataKernel(const KernelDesc &desc, const std::string &name, CudaKernelSource &out,
                    std::string &error) {
  switch (desc.kind) {
  case KernelKind::Unary:
  case KernelKind::Scale:
    return emitElementwiseUnary(desc, name, out, error);
  default:
    error = std::string("no CUDA kernel for ") + kernels::kindName(desc.kind) + " yet";
    return false;
  }
}

} // namespace asr::cuda
