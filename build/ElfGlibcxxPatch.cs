// Inline MSBuild task (RoslynCodeTaskFactory, Type="Class") used by TorchSharpNative.targets.
//
// Why: TorchSharp 0.107.0's libLibTorchSharp.so was linked against GCC 13's libstdc++ and
// requires GLIBCXX_3.4.32 for exactly one symbol, std::ios_base_library_init()
// (_ZSt21ios_base_library_initv). GCC 13's <iostream> only emits an undefined *reference* to
// it (no relocation uses it), so nothing ever calls it. On distros whose libstdc++ stops at
// GLIBCXX_3.4.30 (Debian 12) the dynamic loader still refuses the whole library because of
// the version requirement.
//
// What: edits the build-output COPY of the library (never the NuGet cache) in place:
//   1. sets VER_FLG_WEAK on the GLIBCXX_3.4.32 Vernaux entry, so a missing version is only
//      a note in `ldd` output instead of a load error;
//   2. sets the symbol's .gnu.version entry to 1 (VER_NDX_GLOBAL) so it is unversioned;
//   3. if its .dynstr bytes are not shared with any other string, renames it to
//      "sched_yield" (a harmless no-argument libc function) so that, even if something
//      resolved it, it binds to a real function without needing a shim library.
// Step 1 alone is enough for glibc (verified); 2 and 3 make the result fully consistent.
// Refuses to touch the file if any OTHER symbol needs GLIBCXX_3.4.32. Idempotent; writes
// atomically (temp copy + rename) and keeps the original timestamp so the SDK's
// SkipUnchangedFiles copy does not overwrite the patched file on the next incremental build.
#nullable enable
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace BrainTumor.Build;

// Qualified: the tests compile this file too, where ImplicitUsings also bring System.Threading.Tasks.Task.
public class ElfGlibcxxPatch : Microsoft.Build.Utilities.Task
{
    /// <summary>libLibTorchSharp.so copies to check/patch (missing files are ignored).</summary>
    [Required] public ITaskItem[] Libraries { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>auto (patch only if the system libstdc++ lacks the version), always, or false.</summary>
    public string Mode { get; set; } = "auto";

    /// <summary>Optional libstdc++.so.6 to check instead of probing the usual multiarch paths.</summary>
    public string LibStdCxx { get; set; } = "";

    public string Version { get; set; } = "GLIBCXX_3.4.32";
    public string Symbol { get; set; } = "_ZSt21ios_base_library_initv";
    public string Replacement { get; set; } = "sched_yield";

    static readonly string[] LibStdCxxCandidates =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
    };

    const uint SHT_DYNAMIC = 6, SHT_DYNSYM = 11;
    const uint SHT_GNU_VERDEF = 0x6ffffffd, SHT_GNU_VERNEED = 0x6ffffffe, SHT_GNU_VERSYM = 0x6fffffff;
    const ushort VER_FLG_WEAK = 0x2, VER_NDX_GLOBAL = 1;

    public override bool Execute()
    {
        if (string.Equals(Mode, "false", StringComparison.OrdinalIgnoreCase)) return true;
        string reason;
        if (string.Equals(Mode, "always", StringComparison.OrdinalIgnoreCase))
            reason = "forced by TorchSharpElfPatch=always";
        else
        {
            string? libstdcxx = LibStdCxx.Length > 0 ? LibStdCxx : Array.Find(LibStdCxxCandidates, File.Exists);
            if (libstdcxx == null || !File.Exists(libstdcxx))
            {
                Log.LogMessage(MessageImportance.Low, "ElfGlibcxxPatch: no system libstdc++.so.6 found; nothing to do.");
                return true;
            }
            // The version names live in .dynstr as NUL-terminated strings; a byte search is enough.
            if (IndexOf(File.ReadAllBytes(libstdcxx), Encoding.ASCII.GetBytes(Version + "\0")) >= 0)
            {
                Log.LogMessage(MessageImportance.Low, $"ElfGlibcxxPatch: {libstdcxx} provides {Version}; nothing to do.");
                return true;
            }
            reason = $"{libstdcxx} lacks {Version}";
        }

        foreach (ITaskItem item in Libraries)
        {
            string path = item.GetMetadata("FullPath");
            if (!File.Exists(path)) continue;
            string? error = null;
            string result;
            try { result = PatchFile(path, ref error); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            { error = e.Message.TrimEnd('.'); result = ""; }
            catch (Exception e) when (e is IndexOutOfRangeException || e is ArgumentException) // offsets point outside the file
            { error = $"truncated or malformed ELF file ({e.GetType().Name})"; result = ""; }

            if (error != null)
                Log.LogWarning($"ElfGlibcxxPatch: cannot patch {path}: {error}; it will probably fail to load.");
            else if (result.Length == 0)
                Log.LogMessage(MessageImportance.Low, $"ElfGlibcxxPatch: {path} already patched or does not need {Version}.");
            else
                Log.LogMessage(MessageImportance.High,
                    $"ElfGlibcxxPatch: patched {path} ({result}) because {reason}; TorchSharp's native library would otherwise fail to load.");
        }
        return !Log.HasLoggedErrors;
    }

    /// <summary>Returns a description of the edits ("" if nothing to do); sets error on refusal.</summary>
    string PatchFile(string path, ref string? error)
    {
        byte[] b = File.ReadAllBytes(path);
        // ELF64 little-endian only (the linux-x64 runtime asset).
        if (b.Length < 64 || b[0] != 0x7f || b[1] != 'E' || b[2] != 'L' || b[3] != 'F' || b[4] != 2 || b[5] != 1)
        { error = "not an ELF64 little-endian file"; return ""; }

        // Section headers give exact sizes (dynsym count, verneed table) without guessing.
        long shoff = I64(b, 0x28);
        int shentsize = U16(b, 0x3a), shnum = U16(b, 0x3c);
        long SecOff(int i) => I64(b, shoff + i * shentsize + 24);
        long SecSize(int i) => I64(b, shoff + i * shentsize + 32);
        int Find(uint type) { for (int i = 0; i < shnum; i++) if (U32(b, shoff + i * shentsize + 4) == type) return i; return -1; }

        int dynsym = Find(SHT_DYNSYM), versym = Find(SHT_GNU_VERSYM), verneed = Find(SHT_GNU_VERNEED);
        if (dynsym < 0 || versym < 0 || verneed < 0) return ""; // nothing versioned: nothing to do
        long dynstr = SecOff((int)U32(b, shoff + dynsym * shentsize + 40)); // sh_link of .dynsym
        long symOff = SecOff(dynsym);
        long symCount = SecSize(dynsym) / 24;
        string Str(long o) { long s = dynstr + o, e = s; while (b[e] != 0) e++; return Encoding.ASCII.GetString(b, (int)s, (int)(e - s)); }

        // Every .dynstr offset used by something other than symbols: guards the in-place rename.
        var otherRefs = new System.Collections.Generic.List<long>();

        // Walk Elf64_Verneed { u16 vn_version, vn_cnt; u32 vn_file, vn_aux, vn_next }
        // and its Elf64_Vernaux { u32 vna_hash; u16 vna_flags, vna_other; u32 vna_name, vna_next }.
        long vnaFlagsPos = -1; int versionIndex = -1;
        for (long vn = SecOff(verneed); ; )
        {
            otherRefs.Add(U32(b, vn + 4));
            long aux = vn + U32(b, vn + 8);
            for (int k = 0; k < U16(b, vn + 2); k++)
            {
                otherRefs.Add(U32(b, aux + 8));
                if (Str(U32(b, aux + 8)) == Version) { vnaFlagsPos = aux + 4; versionIndex = U16(b, aux + 6); }
                uint next = U32(b, aux + 12);
                if (next == 0) break;
                aux += next;
            }
            uint vnNext = U32(b, vn + 12);
            if (vnNext == 0) break;
            vn += vnNext;
        }
        if (vnaFlagsPos < 0) return ""; // this build of the library does not need the version

        // Elf64_Verdef { u16 vd_version, vd_flags, vd_ndx, vd_cnt; u32 vd_hash, vd_aux, vd_next },
        // Elf64_Verdaux { u32 vda_name, vda_next }.
        int verdef = Find(SHT_GNU_VERDEF);
        for (long vd = verdef < 0 ? -1 : SecOff(verdef); vd >= 0; )
        {
            long aux = vd + U32(b, vd + 12);
            for (int k = 0; k < U16(b, vd + 6); k++) { otherRefs.Add(U32(b, aux)); uint n = U32(b, aux + 4); if (n == 0) break; aux += n; }
            uint next = U32(b, vd + 16);
            vd = next == 0 ? -1 : vd + next;
        }
        // DT_NEEDED(1), DT_SONAME(14), DT_RPATH(15), DT_RUNPATH(29) are .dynstr offsets too.
        int dynamic = Find(SHT_DYNAMIC);
        for (long d = dynamic < 0 ? 0 : SecOff(dynamic), end = dynamic < 0 ? 0 : d + SecSize(dynamic); d < end; d += 16)
        {
            long tag = I64(b, d);
            if (tag == 1 || tag == 14 || tag == 15 || tag == 29) otherRefs.Add(I64(b, d + 8));
        }

        // Find the target symbol; refuse if any other symbol needs the missing version.
        long target = -1;
        for (long i = 0; i < symCount; i++)
        {
            long nameOff = U32(b, symOff + i * 24);
            int ver = U16(b, SecOff(versym) + i * 2) & 0x7fff;
            if (ver == versionIndex)
            {
                if (Str(nameOff) != Symbol) { error = $"symbol {Str(nameOff)} also needs {Version}"; return ""; }
                target = i;
            }
        }

        var done = new System.Collections.Generic.List<string>();
        ushort flags = U16(b, vnaFlagsPos);
        if ((flags & VER_FLG_WEAK) == 0) { W16(b, vnaFlagsPos, (ushort)(flags | VER_FLG_WEAK)); done.Add($"{Version} marked weak"); }
        if (target >= 0)
        {
            W16(b, SecOff(versym) + target * 2, VER_NDX_GLOBAL);
            done.Add($"{Symbol} unversioned");
            long nameOff = U32(b, symOff + target * 24);
            for (long i = 0; i < symCount; i++) if (i != target) otherRefs.Add(U32(b, symOff + i * 24));
            bool shared = otherRefs.Exists(o => o >= nameOff && o < nameOff + Symbol.Length);
            if (!shared && Replacement.Length <= Symbol.Length)
            {
                // Same-length, NUL-padded overwrite: no offsets move, the .gnu.hash is unaffected
                // because undefined symbols are not hashed.
                byte[] repl = new byte[Symbol.Length];
                Encoding.ASCII.GetBytes(Replacement, 0, Replacement.Length, repl, 0);
                Buffer.BlockCopy(repl, 0, b, (int)(dynstr + nameOff), repl.Length);
                done.Add($"renamed to {Replacement}");
            }
            else done.Add("name kept (its .dynstr bytes are shared)");
        }
        if (done.Count == 0) return "";

        // Atomic write: File.Copy keeps the permission bits, then we overwrite the temp copy and
        // rename it over the original. The rename also breaks any hard/symbolic link to the
        // NuGet cache, and a process that already mapped the old file keeps its inode intact.
        DateTime mtime = File.GetLastWriteTimeUtc(path);
        string tmp = $"{path}.{Guid.NewGuid():N}.tmp"; // unique: parallel builds may share an output dir
        try
        {
            File.Copy(path, tmp, true);
            using (var fs = new FileStream(tmp, FileMode.Truncate, FileAccess.Write)) fs.Write(b, 0, b.Length);
            // Keep the original timestamp: the SDK's Copy (SkipUnchangedFiles: same size + same time)
            // then sees the file as up to date and does not re-copy the unpatched file next build.
            File.SetLastWriteTimeUtc(tmp, mtime);
            File.Replace(tmp, path, null);
        }
        finally { if (File.Exists(tmp)) File.Delete(tmp); }
        return string.Join(", ", done);
    }

    static int IndexOf(byte[] hay, byte[] needle)
    {
        for (int i = Array.IndexOf(hay, needle[0]); i >= 0 && i <= hay.Length - needle.Length; i = Array.IndexOf(hay, needle[0], i + 1))
        {
            int j = 1;
            while (j < needle.Length && hay[i + j] == needle[j]) j++;
            if (j == needle.Length) return i;
        }
        return -1;
    }

    static ushort U16(byte[] b, long o) => (ushort)(b[o] | b[o + 1] << 8);
    static uint U32(byte[] b, long o) => (uint)(U16(b, o) | U16(b, o + 2) << 16);
    static long I64(byte[] b, long o) => (long)(U32(b, o) | (ulong)U32(b, o + 4) << 32);
    static void W16(byte[] b, long o, ushort v) { b[o] = (byte)v; b[o + 1] = (byte)(v >> 8); }
}
