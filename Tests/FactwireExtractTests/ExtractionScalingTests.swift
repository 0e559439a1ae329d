import FactwireExtract
import FactwireTesting
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Extraction time grows linearly with the input, even for one endless line of figures: every stage works
/// per sentence, and sentences are bounded. Measured as this thread's CPU time (other tests running in
/// parallel do not count), best of three, doubling the input each step, on a thread of its own (see
/// ``OwnThread``).
@Suite("Extraction scaling", .serialized)
struct ExtractionScalingTests {
    /// "Acme Inc revenue was $N billion, …" on one line, about `bytes` long: every clause a candidate.
    static func worstCase(bytes: Int) -> [UInt8] {
        var text = ""
        var i = 0
        while text.utf8.count < bytes {
            text += "Acme Inc revenue was $\(i % 97 + 1).\(i % 10) billion, "
            i += 1
        }
        return Array((text + "\n").utf8)
    }

    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    static func seconds(_ input: [UInt8]) throws -> Double {
        var best = Double.infinity
        for _ in 0..<3 {
            let start = threadCPUSeconds()
            _ = try Extraction.extract(input, mediaType: .plainText)
            best = min(best, threadCPUSeconds() - start)
        }
        return best
    }

    @Test(
        "time per doubling is at most 2.5× on average from 16 KB to 128 KB of one line of figures, and no step exceeds 3×"
    )
    func linear() async throws {
        // Small sizes: this runs in the debug build beside every other suite; the release figures up to
        // 2 MB come from `factwire bench extract --scaling`.
        let sizes = [16_000, 32_000, 64_000, 128_000]
        let times = try await OwnThread.run {
            _ = try Self.seconds(Self.worstCase(bytes: 8_000))  // model loaded, caches warm
            return try sizes.map { try Self.seconds(Self.worstCase(bytes: $0)) }
        }
        for step in 1..<times.count {
            #expect(
                times[step] / times[step - 1] <= 3, "\(sizes[step]) bytes: \(times[step]) s after \(times[step - 1]) s")
        }
        // Quadratic growth would be 4× per doubling; linear is 2×.
        let perDoubling = pow(times[times.count - 1] / times[0], 1 / Double(times.count - 1))
        #expect(perDoubling <= 2.5, "times \(times)")
    }
}
