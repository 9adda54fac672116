

// The prepare function's name is taken.
// expected-error @+1 {{hoist-per-utterance: cannot create 'taken_prepare' for the per-utterance work of 'taken': the module already has a symbol of that name}}
func.func @taken(%x: tensor<?x8xf32>, %enc: tensor<?x8xf32> {asr.per_utterance}) -> tensor<?x8xf32> {
  %t = asr.tanh %enc : tensor<?x8xf32>
  %o = asr.add %x, %t : (tensor<?x8xf32>, tensor<?x8xf32>) -> tensor<?x8xf32>
  return %o : tensor<?x8xf32>
}
func.func @taken_prepare() {
  return
}
