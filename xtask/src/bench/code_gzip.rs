//! Where the gzipped code of a wasm goes, by module: twiggy weighs each function's raw
//! bytes, but the package is measured gzipped, and a function's raw size says little
//! of what it costs there (repeated patterns compress away). Here each function costs
//! what the code section gzips to with it less what it gzips to without it, and the
//! costs are summed by the module the function's name puts it in.

use std::collections::BTreeMap;

use anyhow::{anyhow, bail, Result};

use crate::build::gzipped_len;

/// One module's share of the gzipped code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Share {
    /// `crate::module` of its functions' names (see [`module_of`]).
    pub module: String,
    /// The sum of its functions' gzip costs, in bytes.
    pub gzipped: usize,
    /// Their raw bytes.
    pub raw: usize,
    /// How many functions.
    pub functions: usize,
}

/// The shares of `wasm`'s code by module, largest first, and the code section's
/// size gzipped alone. The wasm must keep its function names (wasm-opt `-g`).
pub fn by_module(wasm: &[u8]) -> Result<(Vec<Share>, usize)> {
    let functions = functions(wasm)?;
    let bodies: Vec<&[u8]> = functions.iter().map(|(_, body)| *body).collect();
    let whole = gzipped_len(&bodies.concat())?;
    let mut shares: BTreeMap<String, Share> = BTreeMap::new();
    for (at, (name, body)) in functions.iter().enumerate() {
        let without = [&bodies[..at], &bodies[at + 1..]].concat().concat();
        let cost = whole.saturating_sub(gzipped_len(&without)?);
        let module = module_of(name);
        let share = shares.entry(module.clone()).or_insert(Share {
            module,
            gzipped: 0,
            raw: 0,
            functions: 0,
        });
        share.gzipped += cost;
        share.raw += body.len();
        share.functions += 1;
    }
    let mut shares: Vec<Share> = shares.into_values().collect();
    shares.sort_by(|a, b| b.gzipped.cmp(&a.gzipped).then_with(|| a.module.cmp(&b.module)));
    Ok((shares, whole))
}

/// The module a function's demangled name puts it in: its first two path segments,
/// without crate hashes (`core[c59…]::str::count::do_count_chars` → `core::str`;
/// `<T as alloc::string::ToString>::to_string` → `alloc::string`: a generic impl,
/// by its trait); wasm-bindgen's export shims as one; no name as `(unnamed)`.
pub fn module_of(name: &str) -> String {
    if name.is_empty() {
        return "(unnamed)".to_owned();
    }
    if name.contains(" shim") {
        return "(wasm-bindgen export shims)".to_owned();
    }
    let mut plain = String::with_capacity(name.len());
    let mut in_hash = false;
    for c in name.chars() {
        match c {
            '[' => in_hash = true,
            ']' => in_hash = false,
            c if !in_hash => plain.push(c),
            _ => {}
        }
    }
    let plain = plain.trim_start_matches(['<', '&']);
    // `<T as Trait>::…`, a generic impl: by the trait's path.
    let plain = match plain.split_once("::") {
        Some((first, _)) if first.contains(" as ") => {
            plain.split_once(" as ").map_or(plain, |(_, t)| t)
        }
        _ => plain,
    };
    let segments: Vec<&str> = plain.split("::").take(2).collect();
    if segments.len() < 2 || segments[1].is_empty() {
        // A bare name (`memcmp`, `__externref_table_alloc`): its own module.
        return plain.split("::").next().unwrap_or(plain).to_owned();
    }
    let second = segments[1].split(['<', '>', '(', ' ', '{']).next().unwrap_or("");
    format!("{}::{second}", segments[0])
}

/// Each function defined in `wasm`: its name (empty when the names section has none)
/// and its body as the code section holds it.
fn functions(wasm: &[u8]) -> Result<Vec<(String, &[u8])>> {
    let mut reader = Reader { bytes: wasm, at: 0 };
    if reader.take(8)? != b"\0asm\x01\0\0\0" {
        bail!("not a wasm module (version 1)");
    }
    let (mut imported, mut bodies, mut names) = (0u32, Vec::new(), BTreeMap::new());
    while reader.at < wasm.len() {
        let id = reader.byte()?;
        let size = reader.leb()? as usize;
        let mut section = Reader { bytes: reader.take(size)?, at: 0 };
        match id {
            2 => imported = function_imports(&mut section)?,
            10 => {
                for _ in 0..section.leb()? {
                    let size = section.leb()? as usize;
                    bodies.push(section.take(size)?);
                }
            }
            0 if section.name()? == "name" => names = function_names(&mut section)?,
            _ => {}
        }
    }
    Ok(bodies
        .into_iter()
        .enumerate()
        .map(|(at, body)| {
            let index = imported + at as u32;
            (names.get(&index).cloned().unwrap_or_default(), body)
        })
        .collect())
}

/// How many of the import section's imports are functions (they come first in the
/// function index space).
fn function_imports(section: &mut Reader) -> Result<u32> {
    let mut functions = 0;
    for _ in 0..section.leb()? {
        section.name()?;
        section.name()?;
        match section.byte()? {
            0 => {
                section.leb()?;
                functions += 1;
            }
            // A table: its element type, then limits.
            1 => {
                section.byte()?;
                section.limits()?;
            }
            2 => section.limits()?,
            // A global: its value type and mutability.
            3 => {
                section.take(2)?;
            }
            4 => {
                section.byte()?;
                section.leb()?;
            }
            kind => bail!("import of an unknown kind {kind}"),
        }
    }
    Ok(functions)
}

/// The function names subsection (1) of a `name` custom section.
fn function_names(section: &mut Reader) -> Result<BTreeMap<u32, String>> {
    let mut names = BTreeMap::new();
    while section.at < section.bytes.len() {
        let id = section.byte()?;
        let size = section.leb()? as usize;
        let mut sub = Reader { bytes: section.take(size)?, at: 0 };
        if id == 1 {
            for _ in 0..sub.leb()? {
                let index = sub.leb()?;
                names.insert(index, sub.name()?);
            }
        }
    }
    Ok(names)
}

/// A cursor over a wasm's bytes.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.at.checked_add(n).filter(|end| *end <= self.bytes.len());
        let end = end.ok_or_else(|| anyhow!("the wasm ends inside a section"))?;
        let taken = &self.bytes[self.at..end];
        self.at = end;
        Ok(taken)
    }

    fn byte(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }

    /// An unsigned LEB128 number of at most 32 bits.
    fn leb(&mut self) -> Result<u32> {
        let mut value = 0u32;
        for shift in (0..35).step_by(7) {
            let byte = self.byte()?;
            value |= u32::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        bail!("a LEB128 number longer than 32 bits")
    }

    fn name(&mut self) -> Result<String> {
        let len = self.leb()? as usize;
        Ok(String::from_utf8_lossy(self.take(len)?).into_owned())
    }

    /// Table or memory limits: flags, the minimum, and the maximum if flag bit 0 says so.
    fn limits(&mut self) -> Result<()> {
        let flags = self.byte()?;
        self.leb()?;
        if flags & 1 == 1 {
            self.leb()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modules_of_demangled_names() {
        for (name, module) in [
            ("xano_meta::client::Connection::call::h31f1e70efb62eb18", "xano_meta::client"),
            ("core[c5930c85a12de822]::str::count::do_count_chars", "core::str"),
            ("<T as alloc::string::ToString>::to_string::hc8d7", "alloc::string"),
            ("xano_meta_runtime::execute::Exchange<H>::send::h0c1a", "xano_meta_runtime::execute"),
            (
                "<xano_meta_runtime::table::Table as core::ops::deref::Deref>::deref",
                "xano_meta_runtime::table",
            ),
            ("operations externref shim", "(wasm-bindgen export shims)"),
            ("memcmp", "memcmp"),
            ("", "(unnamed)"),
        ] {
            assert_eq!(module_of(name), module, "{name}");
        }
    }

    /// A module of two imports (a function and a memory), three functions and their
    /// names: each function is found with its own name and body, and the costs add up.
    #[test]
    fn reads_functions_and_their_names() {
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        let section = |wasm: &mut Vec<u8>, id: u8, body: &[u8]| {
            wasm.push(id);
            wasm.push(body.len() as u8);
            wasm.extend_from_slice(body);
        };
        // Imports: "m"."f" a function of type 0; "m"."mem" a memory with a maximum.
        section(&mut wasm, 2, b"\x02\x01m\x01f\x00\x00\x01m\x03mem\x02\x01\x01\x02");
        let bodies: [&[u8]; 3] = [b"\x00\x0b", b"\x00\x41\x07\x1a\x0b", b"\x00\x01\x0b"];
        let mut code = vec![3u8];
        for body in bodies {
            code.push(body.len() as u8);
            code.extend_from_slice(body);
        }
        section(&mut wasm, 10, &code);
        // Names of functions 1 and 3 (0 is the import); function 2 has none.
        let mut names = b"\x04name".to_vec();
        let sub = b"\x02\x01\x0ba::b::c::h1\x03\x04left";
        names.push(1);
        names.push(sub.len() as u8);
        names.extend_from_slice(sub);
        section(&mut wasm, 0, &names);

        let found = functions(&wasm).unwrap();
        let found: Vec<(&str, &[u8])> = found.iter().map(|(n, b)| (n.as_str(), *b)).collect();
        assert_eq!(found, [("a::b::c::h1", bodies[0]), ("", bodies[1]), ("left", bodies[2])]);
        let (shares, whole) = by_module(&wasm).unwrap();
        assert_eq!(shares.iter().map(|s| s.functions).sum::<usize>(), 3);
        assert_eq!(shares.iter().map(|s| s.raw).sum::<usize>(), 10);
        let mut modules: Vec<&str> = shares.iter().map(|s| s.module.as_str()).collect();
        modules.sort();
        assert_eq!(modules, ["(unnamed)", "a::b", "left"]);
        assert!(shares.iter().map(|s| s.gzipped).sum::<usize>() <= whole);
        assert!(functions(b"\0asm\x02\0\0\0").is_err(), "another version");
        assert!(functions(&wasm[..wasm.len() - 3]).is_err(), "cut short");
    }
}
