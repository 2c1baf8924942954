// Files in NumPy's formats: .npy/.npz, text tables, raw binary, and bit packing.

export { save, load, savez, savezCompressed, NpzFile, type SaveOptions, type LoadOptions } from "./npz.js";
export { savetxt, loadtxt, genfromtxt, type SavetxtOptions, type LoadtxtOptions, type GenfromtxtOptions, type TextSource } from "./text.js";
export { fromfile, type FromfileOptions } from "./raw.js";
export { packbits, unpackbits } from "./bits.js";
export { memmap, openMemmap, Memmap, type MemmapOptions, type MemmapMode } from "./memmap.js";
