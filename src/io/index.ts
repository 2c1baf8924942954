// Files in NumPy's formats: .npy/.npz, text tables, raw binary, and bit packing.

export { save, load, savez, savezCompressed, NpzFile, type SaveOptions, type LoadOptions } from "./npz.js";
