import FactwireExtract
import FactwireTesting
import Foundation
import Testing

/// The shipped weights are reproducible: training again on the evaluation set (`../shared/eval` beside the
/// repository, as CI lays it out) with the default options gives the committed model byte for byte.
@Suite("Fact model training")
struct FactModelTrainingTests {
    static let evaluation = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/eval")

    static var haveEvaluation: Bool {
        FileManager.default.fileExists(atPath: evaluation.appendingPathComponent("gold").path)
    }

    @Test(
        "training on dev + train reproduces FactModelWeights.swift",
        .enabled(if: haveEvaluation, "needs ../shared/eval"))
    func reproducible() async throws {
        let model = try await OwnThread.run {
            let set = try EvaluationSet(folder: Self.evaluation, splits: ["dev", "train"])
            return try FactTraining.train(set.examples, globalAliases: set.aliases)
        }
        let shipped = try #require(FactModel.shipped)
        #expect(
            model.serialized() == shipped.serialized(),
            "retrain with: swift run -c release factwire-train ../shared/eval --out Sources/FactwireExtract/Learning/FactModelWeights.swift"
        )
    }

    @Test("training is deterministic and a model round-trips through its text form")
    func deterministic() throws {
        // A small annotated set written for this test.
        let gold = """
            {"companies": ["Fenwick Instruments"], "facts": [
              {"company": "Fenwick Instruments", "metric": "revenue", "value": 2000000000, "unit": "USD",
               "evidence": "Fenwick Instruments reported revenue of $2 billion in 2024."},
              {"company": "Fenwick Instruments", "metric": "growth", "growth_of": "revenue", "value": 0.05, "unit": "percent",
               "evidence": "Revenue rose 5 percent from a year earlier."}]}
            """
        let article =
            "Fenwick Instruments reported revenue of $2 billion in 2024.\n\nRevenue rose 5 percent from a year earlier.\n\nIts shares cost $40.\n"
        let example = FactTraining.Example(
            id: "t1", bytes: Array(article.utf8), mediaType: .plainText,
            gold: try JSONDecoder().decode(FactTraining.GoldArticle.self, from: Data(gold.utf8)))
        var options = FactTraining.Options()
        options.minCount = 1
        let a = try FactTraining.train([example, example], globalAliases: [:], options: options)
        let b = try FactTraining.train([example, example], globalAliases: [:], options: options)
        #expect(a.serialized() == b.serialized())
        #expect(try FactModel(serialized: a.serialized()).serialized() == a.serialized())
        let facts = try Extraction.extract(Array(article.utf8), mediaType: .plainText, model: a).flatMap(\.facts)
        #expect(facts.contains { $0.metric == .revenue && $0.value == 2e9 })
        #expect(!facts.contains { $0.value == 40 })
    }
}
