

// Splitting heads of 64 out of a projection that is only 100 wide.
func.func @head_split_element_count_after_refinement(%x: tensor<?x?x384xf32>) -> tensor<?x?x6x64xf32> {
  %w = asr.weight "proj.weight" : tensor<100x384xf32>
  %0 = asr.linear %x, %w : (tensor<?x?x384xf32>, tensor<100x384xf32>) -> tensor<?x?x?xf32>
  // expected-error @+1 {{element-count: reshape [?, ?, 100] to [0, 0, 6, 64] changes the element count: expected 100, got 384}}
  %1 = asr.reshape %0 {shape = array<i64: 0, 0, 6, 64>} : (tensor<?x?x?xf32>) -> tensor<?x?x6x64xf32>
  return %1 : tensor<?x?x6x64xf32>
}

