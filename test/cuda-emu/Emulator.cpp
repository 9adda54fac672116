//===- Emulator.cpp - blocks on OS threads, threads as fibers -------------===//

#include "Emulator.h"
#include "asrc_cuda_emu.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <memory>
#include <thread>
#include <ucontext.h>
#include <vector>

extern "C" {
thread_local dim3 threadIdx, blockIdx, blockDim, gridDim;
}

namespace asrc_emu {
namespace {

constexpr size_t kStackBytes = 256 * 1024;

struct Fiber {
  ucontext_t ctx;
  std::unique_ptr<char[]> stack;
  dim3 tid;
  bool done = false;
};

/// One per OS thread: runs one block at a time.
struct BlockRunner {
  ucontext_t scheduler;
  std::vector<Fiber> fibers;
  size_t current = 0;
  KernelFn fn = nullptr;
  const asrc_cu_args *args = nullptr;
  std::vector<float> exchange; ///< warp shuffles: one slot per thread
};

thread_local BlockRunner *runner = nullptr;

void fiberMain() {
  BlockRunner *r = runner;
  r->fn(*r->args);
  r->fibers[r->current].done = true;
  // uc_link returns to the scheduler.
}

size_t linearTid() {
  return threadIdx.x + blockDim.x * (threadIdx.y + static_cast<size_t>(blockDim.y) * threadIdx.z);
}

void runBlock(BlockRunner &r, dim3 bid, dim3 bdim) {
  size_t n = static_cast<size_t>(bdim.x) * bdim.y * bdim.z;
  if (r.fibers.size() < n)
    r.fibers.resize(n);
  r.exchange.assign(n, 0.f);
  blockIdx = bid;
  blockDim = bdim;
  for (size_t i = 0; i < n; ++i) {
    Fiber &f = r.fibers[i];
    if (!f.stack)
      f.stack.reset(new char[kStackBytes]);
    f.done = false;
    f.tid = dim3{static_cast<unsigned>(i % bdim.x), static_cast<unsigned>(i / bdim.x % bdim.y),
                 static_cast<unsigned>(i / (static_cast<size_t>(bdim.x) * bdim.y))};
    getcontext(&f.ctx);
    f.ctx.uc_stack.ss_sp = f.stack.get();
    f.ctx.uc_stack.ss_size = kStackBytes;
    f.ctx.uc_link = &r.scheduler;
    makecontext(&f.ctx, fiberMain, 0);
  }
  // Each round runs every live thread up to its next barrier (or its end):
  // no thread passes barrier k before all have reached it.
  for (bool alive = true; alive;) {
    alive = false;
    for (size_t i = 0; i < n; ++i) {
      Fiber &f = r.fibers[i];
      if (f.done)
        continue;
      r.current = i;
      threadIdx = f.tid;
      swapcontext(&r.scheduler, &f.ctx);
      alive |= !f.done;
    }
  }
}

} // namespace

bool launch(KernelFn fn, const asrc_cu_args &args, const uint32_t grid[3],
            const uint32_t block[3], std::string &error, int workers) {
  uint64_t threads = uint64_t(block[0]) * block[1] * block[2];
  if (threads == 0 || threads > 1024) {
    error = "launch: " + std::to_string(threads) + " threads per block (1 to 1024 allowed)";
    return false;
  }
  if (grid[1] > 65535 || grid[2] > 65535) {
    error = "launch: grid.y or grid.z above 65535";
    return false;
  }
  uint64_t blocks = uint64_t(grid[0]) * grid[1] * grid[2];
  if (blocks == 0)
    return true;
  if (workers <= 0)
    workers = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  workers = static_cast<int>(std::min<uint64_t>(workers, blocks));
  std::atomic<uint64_t> next{0};
  auto work = [&]() {
    BlockRunner r;
    r.fn = fn;
    r.args = &args;
    runner = &r;
    gridDim = dim3{grid[0], grid[1], grid[2]};
    for (uint64_t b; (b = next.fetch_add(1)) < blocks;) {
      dim3 bid{static_cast<unsigned>(b % grid[0]), static_cast<unsigned>(b / grid[0] % grid[1]),
               static_cast<unsigned>(b / (uint64_t(grid[0]) * grid[1]))};
      runBlock(r, bid, dim3{block[0], block[1], block[2]});
    }
    runner = nullptr;
  };
  std::vector<std::thread> pool;
  for (int i = 1; i < workers; ++i)
    pool.emplace_back(work);
  work();
  for (std::thread &t : pool)
    t.join();
  return true;
}

bool runPlan(asrc_cu_plan_fn planFn, asrc_cu_args args, KernelFn (*lookup)(const char *, void *),
             void *lookupContext, std::string &error, const uint32_t *gridCap) {
  asrc_cu_plan plan{};
  planFn(&args, &plan);
  if (plan.num_steps < 0 || plan.num_steps > ASRC_CU_MAX_STEPS) {
    error = "plan: " + std::to_string(plan.num_steps) + " steps";
    return false;
  }
  std::unique_ptr<char[]> scratch;
  if (plan.scratch_bytes) {
    scratch.reset(new char[plan.scratch_bytes + 256]());
    args.scratch = reinterpret_cast<void *>((reinterpret_cast<uintptr_t>(scratch.get()) + 255) &
                                            ~uintptr_t(255));
  } else {
    args.scratch = nullptr;
  }
  for (int s = 0; s < plan.num_steps; ++s) {
    const asrc_cu_step &step = plan.steps[s];
    KernelFn fn = step.kernel ? lookup(step.kernel, lookupContext) : nullptr;
    if (!fn) {
      error = std::string("plan: no kernel '") + (step.kernel ? step.kernel : "(null)") + "'";
      return false;
    }
    uint32_t grid[3];
    for (int d = 0; d < 3; ++d)
      grid[d] = gridCap ? std::min(step.grid[d], gridCap[d]) : step.grid[d];
    if (!launch(fn, args, grid, step.block, error))
      return false;
  }
  return true;
}

} // namespace asrc_emu

//===----------------------------------------------------------------------===//
// The builtins asrc_cuda_emu.h declares
//===----------------------------------------------------------------------===//

using namespace asrc_emu;

extern "C" void asrc_emu_syncthreads(void) {
  BlockRunner *r = runner;
  swapcontext(&r->fibers[r->current].ctx, &r->scheduler);
  threadIdx = r->fibers[r->current].tid;
}

extern "C" float asrc_emu_shfl_xor_f32(float v, int laneMask) {
  std::vector<float> &slots = runner->exchange;
  size_t me = linearTid();
  slots[me] = v;
  asrc_emu_syncthreads();
  size_t partner = me ^ static_cast<size_t>(laneMask & 31);
  float out = partner < slots.size() ? slots[partner] : v;
  asrc_emu_syncthreads();
  return out;
}
