import Foundation

/// Any JSON value, typed: lets stored JSON texts (a job's arguments, errors and result) be embedded as
/// objects in encoded output instead of as strings, with a type the compiler checks.
public enum JSONValue: Codable, Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses JSON text; nil when it is not JSON.
    public init?(text: String) {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) else { return nil }
        self = value
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            // Whole numbers as integers (ids, counts), as they were written.
            if value == value.rounded(), abs(value) < 9e15 {
                try container.encode(Int64(value))
            } else {
                try container.encode(value)
            }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension JSONValue {
    /// The member `key` of an object; nil for other values or a missing key.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    /// A whole number, written as a number or as a string of digits (ids in arguments come both ways);
    /// nil otherwise.
    public var integer: Int64? {
        switch self {
        case .number(let value) where value == value.rounded() && abs(value) < 9e15: Int64(value)
        case .string(let text) where (1...18).contains(text.count) && text.allSatisfy({ $0.isASCII && $0.isNumber }):
            Int64(text)
        default: nil
        }
    }

    /// The text of a string value; nil for other values.
    public var string: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }
}

extension JSONValue {
    /// The elements of an array; nil for other values.
    public var array: [JSONValue]? {
        guard case .array(let items) = self else { return nil }
        return items
    }

    /// The members of an object; nil for other values.
    public var object: [String: JSONValue]? {
        guard case .object(let members) = self else { return nil }
        return members
    }

    /// Parses JSON text, or says why it is not JSON (the decoder's own words, without Foundation's
    /// error-domain preamble).
    public static func parse(_ text: String) -> Result<JSONValue, JSONSyntaxError> {
        do {
            return .success(try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)))
        } catch let DecodingError.dataCorrupted(context) {
            let underlying = context.underlyingError.flatMap {
                ($0 as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
            }
            // The decoder refuses JSON nested deeper than it follows with the words it uses for broken syntax.
            if underlying == nil, nestingDepth(text) > maximumNesting {
                return .failure(
                    JSONSyntaxError(reason: "arrays and objects nested more than \(maximumNesting) deep"))
            }
            return .failure(JSONSyntaxError(reason: underlying ?? context.debugDescription))
        } catch {
            return .failure(JSONSyntaxError(reason: String(describing: error)))
        }
    }
}

extension JSONValue {
    /// How deep Foundation's `JSONDecoder` follows nested arrays and objects.
    static let maximumNesting = 512

    /// The deepest nesting of arrays and objects in `text`, brackets inside strings not counted.
    static func nestingDepth(_ text: String) -> Int {
        var (depth, deepest, inString, escaped) = (0, 0, false, false)
        for byte in text.utf8 {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return deepest
    }
}

/// Why a text is not JSON.
public struct JSONSyntaxError: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}
