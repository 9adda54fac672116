

func.func @reshape_changes_element_count(%x: tensor<?x?x384xf32>) {
  // expected-error @+1 {{element-count: reshape [?, ?, 384] to [0, 0, 6, 32] changes the element count: expected 384, got 192}}
  %0 = asr.reshape %x {shape = array<i64: 0, 0, 6, 32>} : (tensor<?x?x384xf32>) -> tensor<?x?x6x32xf32>
  return
}

