import Foundation

/// The repository folder (for the example maps), found from this file's place in the tree.
public let repositoryFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// Runs the built `dmap` executable, as a user would, and returns its exit status, standard
/// output and standard error. Shared by every test target that checks the command line.
///
/// - Parameters:
///   - arguments: the arguments after `dmap`.
///   - folder: the working directory (the repository by default).
///   - stdin: text for standard input (closed at once when nil).
public func runDmap(_ arguments: [String], in folder: URL = repositoryFolder,
                    stdin: String? = nil) throws -> (status: Int32, out: String, err: String) {
    let products = Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }?.bundleURL.deletingLastPathComponent()
        ?? Bundle.main.bundleURL
    let process = Process()
    process.executableURL = products.appendingPathComponent("dmap")
    process.arguments = arguments
    process.currentDirectoryURL = folder
    let out = Pipe(), err = Pipe(), input = Pipe()
    (process.standardOutput, process.standardError, process.standardInput) = (out, err, input)
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}
