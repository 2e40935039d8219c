# Tool versions, pinned in one place. Sourced by the other scripts.
# Why these: see ../shared/TOOLCHAIN.md notes copied into README.md ("Toolchain").
# - Trunk 0.22.x needs rustc >= 1.96.1; this machine kind ships 1.95.0.
# - The wasm-bindgen CLI must equal the wasm-bindgen crate pinned in Cargo.toml ("=0.2.130")
#   and Trunk.toml ([tools] wasm_bindgen).
# - Debian's binaryen (108) cannot parse what rustc 1.95 emits; npm's binaryen 132 can.
TRUNK_VERSION="0.21.14"
WASM_BINDGEN_VERSION="0.2.130"
BINARYEN_VERSION="132.0.0"
# Lighthouse for the benchmark only (scripts/setup.sh --bench; e2e/src/bench/lighthouse.rs
# checks the installed version): 12.2.3 runs on this machine's Node 20.
LIGHTHOUSE_VERSION="12.2.3"
