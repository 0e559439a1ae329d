import ArgumentParser
import FactwireAPI
import FactwireIngest
import FactwireQueue
import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle

/// `factwire openapi`: prints the API's OpenAPI 3.1 document.
struct OpenAPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openapi", abstract: "Print the OpenAPI 3.1 document of the HTTPS API.")
    func run() { print(OpenAPIDocument.yaml) }
}
