//! The package's allocator: lol_alloc's free list (sorted by address, neighbours
//! merged) instead of the standard library's dlmalloc, which was about 7 KB of the
//! wasm. Its cost is linear in the number of free blocks, which stays small here: a
//! call allocates a few strings and vectors and frees them when it ends; response
//! bodies stay in JS.

use std::alloc::{GlobalAlloc, Layout};

use lol_alloc::{AssumeSingleThreaded, FreeListAllocator};

/// lol_alloc's allocator, with the zero-sized reallocations wasm-bindgen's glue can
/// ask for answered here.
///
/// The glue copies a JS string into the wasm by `__wbindgen_malloc(length)` and then
/// `__wbindgen_realloc(ptr, length, …)`; given something that is not a string where a
/// string was declared, `length` is `undefined`, so it asks for 0 bytes and then
/// reallocates that dangling pointer to 0 bytes, before its `encodeInto` throws.
/// `GlobalAlloc::realloc` must never be given a zero size, and lol_alloc, given one,
/// took the dangling pointer into its free list: after two such calls every later
/// allocation spun forever. The package's own functions take JS values and check
/// them; this keeps any other way in (a hand-made call of the glue) from breaking
/// the module.
pub struct Allocator(AssumeSingleThreaded<FreeListAllocator>);

impl Allocator {
    /// The allocator, with nothing allocated yet.
    ///
    /// # Safety
    /// Only for a program without threads (see [`AssumeSingleThreaded::new`]).
    pub const unsafe fn new() -> Allocator {
        Allocator(AssumeSingleThreaded::new(FreeListAllocator::new()))
    }
}

// SAFETY: every block comes from lol_alloc's, or is a zero-sized request, which is
// answered with a dangling pointer at the alignment and never given to lol_alloc.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        self.0.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if layout.size() != 0 {
            self.0.dealloc(ptr, layout)
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.size() != 0 && new_size != 0 {
            return self.0.realloc(ptr, layout, new_size);
        }
        // A zero-sized block on either side: there is nothing to copy.
        self.dealloc(ptr, layout);
        if new_size == 0 {
            return layout.align() as *mut u8;
        }
        self.0.alloc(Layout::from_size_align_unchecked(new_size, layout.align()))
    }
}
