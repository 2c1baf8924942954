// Sorting, searching and set routines (NumPy's sort, argsort, partition, lexsort,
// searchsorted, unique and arraysetops).
export { sort, argsort, partition, argpartition, lexsort, searchsorted, sortComplex, sortInPlace, partitionInPlace } from "./sort.js";
export type { SortKind, SortOptions, PartitionOptions, SearchOptions } from "./sort.js";
export { unique, union1d, intersect1d, setdiff1d, setxor1d, in1d, isin } from "./sets.js";
export type { UniqueOptions, IntersectOptions, InOptions } from "./sets.js";
