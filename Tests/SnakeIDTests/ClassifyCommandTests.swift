import Foundation
import TestSupport
import Testing

/// The `snakeid` binary run as a real process: exit codes, output shapes, failures that do not
/// stop the rest.
@Suite("snakeid classify (real process, real model)", .serialized)
struct ClassifyCommandTests {
    static let ready = FileManager.default.isExecutableFile(atPath: ProcessRunner.snakeid) && TestPaths.hasModel

    @Test("usage errors exit with 2", .enabled(if: ready))
    func usage() throws {
        let noInputs = try ProcessRunner.run(ProcessRunner.snakeid, ["classify"])
        #expect(noInputs.status == 2, "\(noInputs.standardError)")
        let badFormat = try ProcessRunner.run(ProcessRunner.snakeid, ["classify", "--format", "xml", "x.jpg"])
        #expect(badFormat.status == 2)
        #expect(badFormat.standardError.contains("xml"))
    }

    @Test("--help answers at once without loading libtorch", .enabled(if: ready))
    func help() throws {
        let result = try ProcessRunner.run(ProcessRunner.snakeid, ["classify", "--help"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("--format"))
    }

    @Test(
        "a folder with a corrupt file: jsonl has one object per input, failures included, exit 1",
        .enabled(if: ready && TestPaths.hasShared, "needs ../shared and the model"))
    func folderWithFailures() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("snakeid-cli-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory + "/nested", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cobra = TestPaths.shared + "/images/snakes/n01748264_Indian_cobra.JPEG"
        // No extension: recognised by its bytes.
        try FileManager.default.copyItem(atPath: cobra, toPath: directory + "/nested/cobra-without-extension")
        try FileManager.default.copyItem(
            atPath: TestPaths.shared + "/images/other/n07753592_banana.JPEG", toPath: directory + "/banana.jpg")
        try FileManager.default.copyItem(
            atPath: TestPaths.shared + "/images/corrupt/truncated.jpg", toPath: directory + "/truncated.jpg")
        FileManager.default.createFile(atPath: directory + "/notes.txt", contents: Data("not an image".utf8))

        let result = try ProcessRunner.run(
            ProcessRunner.snakeid, ["classify", "--format", "jsonl", "--top", "3", directory])
        #expect(result.status == 1, "\(result.standardError)")
        let objects = try result.standardOutput.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(objects.count == 3, "the text file is not an image and is not listed")
        let bySource = Dictionary(uniqueKeysWithValues: objects.map { (($0["source"] as? String) ?? "", $0) })
        let cobraResult = try #require(bySource[directory + "/nested/cobra-without-extension"])
        #expect(cobraResult["verdict"] as? String == "snake")
        let top = try #require(cobraResult["top"] as? [[String: Any]])
        #expect(top.count == 3)
        #expect(top.first?["index"] as? Int == 63)
        #expect(top.first?["label"] as? String == "Indian cobra")
        let species = try #require(cobraResult["species"] as? [[String: Any]])
        #expect(species.first?["scientific_name"] as? String == "Naja naja")
        #expect(species.first?["danger"] as? String == "dangerous")
        #expect((cobraResult["snake_probability"] as? Double ?? 0) > 0.5)
        #expect(bySource[directory + "/banana.jpg"]?["verdict"] as? String == "not_snake")
        let failure = try #require(bySource[directory + "/truncated.jpg"])
        #expect((failure["error"] as? String)?.isEmpty == false)
        #expect(failure["verdict"] == nil)
    }

    @Test(
        "json is one array; csv has a header and a line per input; text carries the safety line",
        .enabled(if: ready && TestPaths.hasShared, "needs ../shared and the model"))
    func formats() throws {
        let cobra = TestPaths.shared + "/images/snakes/n01748264_Indian_cobra.JPEG"
        let json = try ProcessRunner.run(
            ProcessRunner.snakeid, ["classify", "--format", "json", cobra, "/nonexistent.jpg"])
        #expect(json.status == 1)
        let array = try #require(
            try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [[String: Any]])
        #expect(array.count == 2)
        #expect(array.contains { $0["source"] as? String == "/nonexistent.jpg" && $0["error"] != nil })

        let csv = try ProcessRunner.run(ProcessRunner.snakeid, ["classify", "--format", "csv", cobra])
        #expect(csv.status == 0)
        let lines = csv.standardOutput.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("source,verdict,snake_probability"))
        #expect(lines[1].contains("Indian cobra") && lines[1].contains(",snake,"))

        let text = try ProcessRunner.run(ProcessRunner.snakeid, ["classify", cobra])
        #expect(text.status == 0)
        #expect(text.standardOutput.contains("SNAKE"))
        #expect(text.standardOutput.contains("Never handle a snake"))

        // The warning reads the whole ranking: the horned viper's first species is harmless.
        let viper = TestPaths.shared + "/images/snakes/n01753488_horned_viper.JPEG"
        let warned = try ProcessRunner.run(ProcessRunner.snakeid, ["classify", viper])
        #expect(warned.standardOutput.contains("risk possible"), "\(warned.standardOutput)")
        #expect(warned.standardOutput.contains("⚠ A dangerous species cannot be ruled out (horned viper"))
        // A fer-de-lance, a species the model was never taught, that it calls a water snake at
        // 12% of the image: not recognised, so not low (issue 18) on the text and CSV faces.
        let lancehead = TestPaths.shared + "/images/wild/venomous_Bothrops_asper.jpg"
        let unknown = try ProcessRunner.run(ProcessRunner.snakeid, ["classify", lancehead])
        #expect(unknown.standardOutput.contains("risk unknown"), "\(unknown.standardOutput)")
        #expect(
            unknown.standardOutput.contains("⚠ SnakeID does not recognise this snake's species: treat it as venomous."))
        let unknownCSV = try ProcessRunner.run(ProcessRunner.snakeid, ["classify", "--format", "csv", lancehead])
        #expect(unknownCSV.standardOutput.split(separator: "\n").last?.hasSuffix(",unknown") == true)
    }

    @Test(
        "one private-URL flag: classify allows loopback URLs by default, --no-allow-private-urls refuses them",
        .enabled(if: ready, "needs the model"))
    func privateURLFlag() throws {
        let url = "http://127.0.0.1:1/x.jpg"  // nothing listens: allowed means "cannot connect"
        let refused = try ProcessRunner.run(ProcessRunner.snakeid, ["classify", "--no-allow-private-urls", url])
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("loopback or private address"), "\(refused.standardError)")
        let allowed = try ProcessRunner.run(ProcessRunner.snakeid, ["classify", url])
        #expect(allowed.status == 1)
        #expect(!allowed.standardError.contains("loopback or private address"), "\(allowed.standardError)")
    }

    @Test(
        "explain prints the map as JSON and writes the overlay PNG",
        .enabled(if: ready && TestPaths.hasShared, "needs ../shared and the model"))
    func explain() throws {
        let cobra = TestPaths.shared + "/images/snakes/n01748264_Indian_cobra.JPEG"
        let folder = NSTemporaryDirectory() + "snakeid-explain-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try ProcessRunner.run(
            ProcessRunner.snakeid, ["explain", "--format", "json", "--output", folder, cobra, "/nonexistent.jpg"])
        #expect(result.status == 1, "one input is missing")
        #expect(result.standardError.contains("/nonexistent.jpg"))
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(object["source"] as? String == cobra)
        #expect(object["target"] as? String == "snake")
        let crop = try #require(object["crop"] as? [String: Int])
        #expect(abs((crop["width"] ?? 0) - (crop["height"] ?? 0)) <= 1 && (crop["width"] ?? 0) > 150)
        let grid = try #require(object["grid"] as? [String: Any])
        let values = try #require(grid["values"] as? [[Double]])
        #expect(values.count == 7 && values.allSatisfy { $0.count == 7 })
        let png = try Data(contentsOf: URL(fileURLWithPath: folder + "/n01748264_Indian_cobra.explain.png"))
        #expect(Array(png.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
    }

    @Test(
        "--engine openvino and $SNAKEID_ENGINE=openvino classify like libtorch; a bad engine is a usage error",
        .enabled(if: ready && TestPaths.hasShared && TestPaths.hasOpenVINO, "needs ../shared, model.onnx, OpenVINO"))
    func engines() throws {
        let cobra = TestPaths.shared + "/images/snakes/n01748264_Indian_cobra.JPEG"
        func snakeProbability(_ arguments: [String], _ environment: [String: String] = [:]) throws -> Double {
            let result = try ProcessRunner.run(
                ProcessRunner.snakeid, ["classify", "--format", "jsonl"] + arguments + [cobra], environment: environment
            )
            #expect(result.status == 0, "\(result.standardError)")
            let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
            return try #require(object?["snake_probability"] as? Double)
        }
        let torch = try snakeProbability(["--engine", "torch"], ["SNAKEID_ENGINE": "openvino"])
        let openVINO = try snakeProbability(["--engine", "openvino"])
        let fromEnvironment = try snakeProbability([], ["SNAKEID_ENGINE": "openvino"])
        #expect(abs(torch - openVINO) < 0.001)
        #expect(fromEnvironment == openVINO)
        let bad = try ProcessRunner.run(
            ProcessRunner.snakeid, ["classify", cobra], environment: ["SNAKEID_ENGINE": "tf"])
        #expect(bad.status == 2)
        #expect(bad.standardError.contains("SNAKEID_ENGINE"))
    }
}
