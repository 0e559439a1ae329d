import CFuzzDriver
import FactwireExtract
import Foundation

// `factwire-fuzz`: everything that reads untrusted bytes (decoding, HTML, JSON, normalization, fact
// extraction), as one libFuzzer target. Built with the fuzzer it explores (see Fuzz/README.md); built
// normally it replays the files or folders it is given, so the committed corpus stays a regression test.
//
// The first byte picks the media type (or none, to sniff); the rest is the document. A crash, a hang
// or a broken invariant (a non-finite value, evidence outside the body) is a finding.

func exercise(_ input: UnsafeRawBufferPointer) {
    guard let selector = input.first else { return }
    let types: [ArticleReader.MediaType?] = [nil, .plainText, .html, .json, .ndjson]
    let mediaType = types[Int(selector) % types.count]
    let bytes = Array(input.dropFirst())
    guard let extractions = try? Extraction.extract(bytes, mediaType: mediaType) else { return }
    for extraction in extractions {
        let body = extraction.article.body.unicodeScalars.count
        for fact in extraction.facts {
            precondition(fact.value.isFinite, "non-finite value \(fact.value) from '\(fact.evidence)'")
            precondition(
                !fact.evidence.isEmpty && fact.evidenceStart < fact.evidenceEnd && fact.evidenceEnd <= body,
                "evidence offsets \(fact.evidenceStart)..<\(fact.evidenceEnd) outside a body of \(body)")
        }
    }
}

/// libFuzzer's conventional entry, which its driver references even when it is given a callback.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    exercise(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

let callback: factwire_fuzz_callback = { data, size in
    exercise(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
let status = withUnsafeMutablePointer(to: &argv) { factwire_fuzz_run(&argc, $0, callback) }
guard status == -1 else { exit(status) }

// Not linked with libFuzzer: replay the inputs given.
var files: [String] = []
for argument in CommandLine.arguments.dropFirst() where !argument.hasPrefix("-") {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
        FileHandle.standardError.write(Data("factwire-fuzz: no such file or folder: \(argument)\n".utf8))
        exit(2)
    }
    if isDirectory.boolValue {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []
        files += names.sorted().map { "\(argument)/\($0)" }
    } else {
        files.append(argument)
    }
}
guard !files.isEmpty else {
    FileHandle.standardError.write(
        Data(
            "usage: factwire-fuzz CORPUS_DIR|FILE… (replay); build with -sanitize=fuzzer to explore (Fuzz/README.md)\n"
                .utf8))
    exit(2)
}
for file in files {
    guard let data = FileManager.default.contents(atPath: file) else { continue }
    data.withUnsafeBytes { exercise($0) }
}
print("factwire-fuzz: replayed \(files.count) inputs without a finding")
