// Structured and sub-array dtypes: field lists, NumPy's dict form and comma strings, laid
// out (offsets, padding, itemsize) as NumPy's descriptor.c lays them out, and printed as
// numpy/_core/_dtype.py prints them.

import { DType, dtype as toDType, type DTypeSpec, type FieldSpec, type StructSpec } from "../dtype.js";
import { TypeError, ValueError } from "../../runtime/errors.js";

/** One field of a structured dtype. */
export interface Field { readonly name: string; readonly dtype: DType; readonly offset: number }

/** What a 'void' dtype is made of: fields (structured) or a base and shape (sub-array). */
export interface Layout {
  readonly fields?: readonly Field[];
  readonly sub?: { readonly base: DType; readonly shape: readonly number[] };
  readonly itemsize: number;
  /** Made with align=True (NumPy's isalignedstruct). */
  readonly aligned: boolean;
  readonly alignment: number;
}

const roundUp = (n: number, a: number) => Math.ceil(n / a) * a;
const pyStr = (s: string) => (s.includes("'") && !s.includes('"') ? `"${s}"` : `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`);
const pyTuple = (shape: readonly number[]) => `(${shape.join(", ")}${shape.length === 1 ? "," : ""})`;

/** A sub-array dtype `(base, shape)`; a shape of () is the base itself, as in NumPy. */
export function subarrayDType(base: DType, shape: readonly number[]): DType {
  if (shape.length === 0) return base;
  for (const n of shape) if (!Number.isInteger(n) || n < 0) throw new ValueError("invalid shape in fixed-type tuple.");
  const b = base.layout?.sub ? base.layout.sub.base : base;
  const full = base.layout?.sub ? [...shape, ...base.layout.sub.shape] : [...shape];
  const itemsize = b.itemsize * full.reduce((x, y) => x * y, 1);
  return new DType("void", 0, { sub: { base: b, shape: full }, itemsize, aligned: false, alignment: b.alignment });
}

/** A structured dtype from its fields; offsets null: packed (or C-aligned with `align`). */
function structDType(names: readonly string[], types: readonly DType[], offsets: readonly number[] | null, itemsize: number | null, align: boolean): DType {
  const seen = new Set<string>();
  for (const n of names) {
    if (typeof n !== "string") throw new TypeError("First element of field tuple is neither a tuple nor str");
    if (seen.has(n)) throw new ValueError(`field '${n}' occurs more than once`);
    seen.add(n);
  }
  let end = 0, maxAlign = 1;
  const fields: Field[] = names.map((name, i) => {
    const t = types[i], a = t.alignment;
    let off: number;
    if (offsets) {
      off = offsets[i];
      if (align && off % a !== 0) throw new ValueError(`offset ${off} for NumPy dtype with fields is not divisible by the field alignment ${a} with align=True`);
    } else off = align ? roundUp(end, a) : end;
    if (align) maxAlign = Math.max(maxAlign, a);
    end = offsets ? Math.max(end, off + t.itemsize) : off + t.itemsize;
    return { name, dtype: t, offset: off };
  });
  if (align) end = roundUp(end, maxAlign);
  if (itemsize !== null) {
    if (itemsize < end) throw new ValueError(`NumPy dtype descriptor requires ${end} bytes, cannot override to smaller itemsize of ${itemsize}`);
    if (align && itemsize % maxAlign !== 0) throw new ValueError(`NumPy dtype descriptor requires alignment of ${maxAlign} bytes, which is not divisible into the specified itemsize ${itemsize}`);
    end = itemsize;
  }
  return new DType("void", 0, { fields, itemsize: end, aligned: align, alignment: align ? maxAlign : 1 });
}

/** A field's dtype from its format and optional shape. */
function fieldType(format: DTypeSpec, shape: number | readonly number[] | undefined, align: boolean): DType {
  const t = typeof format === "object" && !(format instanceof DType) ? parseCompound(format, align) : toDType(format);
  if (shape === undefined) return t;
  return subarrayDType(t, typeof shape === "number" ? [shape] : shape);
}

/** One format of a comma string: '(2,3)f4', '3i4', 'U10'. */
function commaItem(s: string): DType {
  const m = /^\s*(?:\(([\d\s,]*)\)|(\d+))?\s*(.+?)\s*$/.exec(s);
  if (!m || !m[3]) throw new TypeError(`data type '${s}' not understood`);
  const shape = m[1] !== undefined ? m[1].split(",").filter((x) => x.trim() !== "").map(Number) : m[2] !== undefined ? [Number(m[2])] : [];
  return subarrayDType(toDType(m[3]), shape);
}

/** `np.dtype` of a field list, dict form or comma/shape string (`align`: C-struct layout). */
export function parseCompound(x: DTypeSpec, align: boolean): DType {
  if (typeof x === "string") {
    const parts = x.split(/,(?![^(]*\))/);
    if (parts.length === 1) return commaItem(parts[0]);
    // 'i4,' is a one-field structure: a trailing comma makes a field list, as in NumPy
    if (parts[parts.length - 1].trim() === "") parts.pop();
    const types = parts.map(commaItem);
    return structDType(types.map((_, i) => `f${i}`), types, null, null, align);
  }
  if (Array.isArray(x)) {
    const specs = x as readonly FieldSpec[];
    const names: string[] = [], types: DType[] = [];
    specs.forEach((f, i) => {
      if (!Array.isArray(f) || f.length < 2 || f.length > 3) throw new TypeError("data type not understood: a field is [name, format] or [name, format, shape]");
      names.push(f[0] === "" ? `f${i}` : f[0]);
      types.push(fieldType(f[1], f[2], align));
    });
    return structDType(names, types, null, null, align);
  }
  const d = x as StructSpec;
  if (!d || !Array.isArray(d.names) || !Array.isArray(d.formats)) throw new TypeError(`data type '${String(x)}' not understood`);
  if (d.names.length !== d.formats.length || (d.offsets && d.offsets.length !== d.names.length))
    throw new ValueError("all items in the dictionary must have the same length.");
  const al = align || d.aligned === true;
  return structDType(d.names, d.formats.map((f) => fieldType(f, undefined, al)), d.offsets ?? null, d.itemsize ?? null, al);
}

/** What NumPy's dtype equality compares: fields (name, dtype, offset), sub-array shapes, itemsize; not the align flag. */
export function layoutKey(d: DType): string {
  const l = d.layout;
  if (!l) return d.str;
  if (l.sub) return `(${layoutKey(l.sub.base)},${l.sub.shape.join("x")})`;
  return `{${l.fields!.map((f) => `${JSON.stringify(f.name)}:${layoutKey(f.dtype)}@${f.offset}`).join(",")}}${d.itemsize}`;
}

// ---- printing (numpy/_core/_dtype.py) -----------------------------------------------------

/** `_construction_repr(dt, short=True)`: how a field's format prints. */
function constructionRepr(d: DType, includeAlign = false): string {
  if (d.layout?.fields) return structStrOf(d, includeAlign);
  if (d.layout?.sub) return `(${constructionRepr(d.layout.sub.base)}, ${pyTuple(d.layout.sub.shape)})`;
  if (d.kind === "b") return "'?'";
  if (d.kind === "U") return `'<U${d.strlen}'`;
  return `'${d.itemsize === 1 ? "" : "<"}${d.kind}${d.itemsize}'`;
}

/** NumPy's `_is_packed`: the list form reproduces the layout. */
function isPacked(d: DType): boolean {
  const l = d.layout!;
  let total = 0, maxAlign = 1;
  for (const f of l.fields!) {
    if (l.aligned) { total = roundUp(total, f.dtype.alignment); maxAlign = Math.max(maxAlign, f.dtype.alignment); }
    if (f.offset !== total) return false;
    total += f.dtype.itemsize;
  }
  if (l.aligned) total = roundUp(total, maxAlign);
  return total === d.itemsize;
}

function structStrOf(d: DType, includeAlign: boolean): string {
  const fs = d.layout!.fields!;
  if (!(includeAlign && d.isalignedStruct) && isPacked(d)) {
    return `[${fs.map((f) => {
      const s = f.dtype.layout?.sub;
      return `(${pyStr(f.name)}, ${s ? `${constructionRepr(s.base)}, ${pyTuple(s.shape)}` : constructionRepr(f.dtype)})`;
    }).join(", ")}]`;
  }
  let r = `{'names': [${fs.map((f) => pyStr(f.name)).join(", ")}], 'formats': [${fs.map((f) => constructionRepr(f.dtype)).join(", ")}], `;
  r += `'offsets': [${fs.map((f) => f.offset).join(", ")}], 'itemsize': ${d.itemsize}`;
  return r + (includeAlign && d.isalignedStruct ? ", 'aligned': True}" : "}");
}

/** `str(dt)` of a void dtype. */
export function structStr(d: DType): string {
  return d.layout?.fields ? structStrOf(d, true) : constructionRepr(d);
}

/** `repr(dt)` of a void dtype. */
export function structRepr(d: DType): string {
  return `dtype(${constructionRepr(d)}${d.isalignedStruct ? ", align=True" : ""})`;
}

/** NumPy's `dt.descr` (numpy/_core/_internal.py `_array_descr`), padding as ('', '|V<n>'). */
export function structDescr(d: DType): unknown[] {
  const l = d.layout;
  if (!l?.fields) return [["", d.str]];
  const fs = l.fields;
  const out: unknown[] = [];
  let end = 0;
  for (const f of fs) {
    if (f.offset < end) throw new ValueError("dtype.descr is not defined for types with overlapping or out-of-order fields");
    if (f.offset > end) out.push(["", `|V${f.offset - end}`]);
    const s = f.dtype.layout?.sub;
    if (s) out.push([f.name, s.base.layout?.fields ? structDescr(s.base) : s.base.str, [...s.shape]]);
    else out.push([f.name, f.dtype.layout?.fields ? structDescr(f.dtype) : f.dtype.str]);
    end = f.offset + f.dtype.itemsize;
  }
  if (d.itemsize > end) out.push(["", `|V${d.itemsize - end}`]);
  return out;
}
