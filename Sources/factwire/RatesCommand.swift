import ArgumentParser
import FactwireCore
import FactwireRuntime
import FactwireStore
import Foundation

/// `factwire rates import FILE`: the ECB's euro reference rates, for `value_usd` in `factwire.figures`.
struct RatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rates", abstract: "Exchange rates for converting figures (ECB reference rates).",
        subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Load an ECB eurofxref-hist.csv (data/ecb/ in the source tree) into factwire.fx_rates.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The ECB history file (Scripts/fetch-ecb-rates.sh fetches a newer one).") var file: String

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError("cannot read \(file)")
            }
            let rates = try FXRateStore.parse(String(decoding: data, as: UTF8.self))
            let logger = global.makeLogger()
            let imported = try await global.withDatabase(logger: logger) { session in
                return try await FXRateStore(client: session.client, logger: logger).importRates(rates)
            }
            print(try JSONCoding.string(imported))
        }
    }
}
