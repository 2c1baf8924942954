// The help texts: `numfuse --help` and `numfuse <command> --help`.

export const USAGE = {
  main: `usage: numfuse <command> [options]

NumPy's files and expressions from the command line, computed by numfuse.

commands:
  eval "<expr>" name=file.npy ... [-o out.npy]   evaluate a numexpr-style expression
  info <file.npy|file.npz> [--full]              header fields and NumPy's repr of the data
  bench [--size N]                               the quick benchmark (against NumPy when present)

options:
  -h, --help       this text (numfuse <command> --help: the command's)
  -V, --version    numfuse's version`,

  eval: `usage: numfuse eval "<expr>" name=value ... [-o out.npy] [--threads N] [--chunk-mb M] [--quiet]

Evaluates a numexpr-style expression (np.evaluate's syntax: + - * / ** %, comparisons, & | ~,
where(c, x, y), sin, exp, log, sqrt, abs, ...) elementwise over its variables.

  name=file.npy    a variable from a .npy file (mapped: large files are read chunk by chunk)
  name=3.5         a variable that is a number
  -o, --out FILE   write the result to FILE as .npy (chunk by chunk); without it, print its repr
  --threads N      worker threads (default: all cores)
  --chunk-mb M     memory for operands: .npy files larger than M MB stay on disk and stream
                   through in chunks (default 64)
  -q, --quiet      no progress bar (it shows on a terminal's stderr for chunked runs)

exit status: 0 done, 1 a bad expression or file (NumPy's message), 2 bad arguments.
example: numfuse eval "a*b + 2*a" a=x.npy b=y.npy -o out.npy
An expression starting with '-' goes after '--':  numfuse eval -o out.npy -- "-a" a=x.npy`,

  info: `usage: numfuse info <file.npy|file.npz> [--full]

Prints the format version and header size, dtype (NumPy's str and name), shape, order (C/F),
byte order and nbytes of a .npy file, or of every member of an .npz archive, then NumPy's
repr of the data. Only the elements the repr shows are read.

  --full    the whole array instead of NumPy's summary (its corners) above 1000 elements`,

  bench: `usage: numfuse bench [--size N]

The quick benchmark: a*b + 2*a, a transcendental chain, a sum and a matrix product, numfuse's
median time on 1 thread and on all of them, and NumPy's in the same run when python3 with NumPy
is found (NUMFUSE_PYTHON names another interpreter).

  --size N    elements of the elementwise operands (default: 1e6 and 1e7)`,
} as const;

export type Command = Exclude<keyof typeof USAGE, "main">;
