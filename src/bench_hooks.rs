//! Functions exported to JavaScript for the browser benchmark harness (`e2e` crate,
//! `driftline-bench`). Trunk exposes wasm exports as `window.wasmBindings`.
