import Foundation
import Inference
import Testing

/// The label file: one per folder tree, versioned, written whole, photos never touched.
@Suite struct LabelStoreTests {
    let folder = FileManager.default.temporaryDirectory.path + "/snakeid-labels-\(UUID().uuidString)"
    let mamba = LabelSet.Species(label: "black mamba", scientificName: "Dendroaspis polylepis", danger: .dangerous)

    @Test func savedSetReadsBackFromTheTreeAndItsSubfolders() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var set = LabelSet(root: "/photos/snakes")
        set.define(mamba)
        set.tag(["/photos/snakes/a/2.jpg", "/photos/snakes/a/1.jpg", "/elsewhere/3.jpg"], as: "Black Mamba")
        let path = try LabelStore.save(set, in: folder)
        #expect(path == LabelStore.file(forRoot: "/photos/snakes", in: folder))
        #expect(path.hasSuffix("/%2Fphotos%2Fsnakes.json"))

        let back = try LabelStore.load(covering: "/photos/snakes/a", in: folder)
        #expect(back == set)
        #expect(back.photos.map(\.path) == ["/elsewhere/3.jpg", "a/1.jpg", "a/2.jpg"])
        #expect(back.photos.allSatisfy { $0.label == "black mamba" })  // the defined spelling
        #expect(back.label(ofPhotoAt: "/photos/snakes/a/1.jpg") == "black mamba")
        #expect(back.counts.map(\.photos) == [3])

        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains(#""format" : "snakeid-labels""#))
        #expect(text.contains(#""version" : 1"#))
        #expect(text.contains(#""scientific_name" : "Dendroaspis polylepis""#))

        // Another tree has a set of its own.
        #expect(try LabelStore.load(covering: "/photos/other", in: folder).photos.isEmpty)
    }

    @Test func relabellingReplacesTheOldLabel() {
        var set = LabelSet(root: "/p")
        set.define(mamba)
        set.define(.init(label: "boomslang", scientificName: "Dispholidus typus", danger: .dangerous))
        set.tag(["/p/1.jpg", "/p/2.jpg"], as: "black mamba")
        set.tag(["/p/2.jpg"], as: "boomslang")
        #expect(set.paths(labelled: "black mamba") == ["/p/1.jpg"])
        #expect(set.paths(labelled: "boomslang") == ["/p/2.jpg"])
        #expect(set.photos.count == 2)
    }

    @Test func aFileFromANewerVersionIsRefusedAndLeftAlone() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = LabelStore.file(forRoot: "/photos", in: folder)
        let future = #"{"format":"snakeid-labels","version":2,"root":"/photos","species":[],"photos":[],"more":1}"#
        try Data(future.utf8).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: LabelStore.StoreError.self) {
            try LabelStore.load(covering: "/photos/sub", in: folder)
        }
        #expect(error.path == path)
        #expect(error.reason.contains("newer SnakeID (label format 2; this one reads up to 1)"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == future)
    }

    @Test func aFileThatIsNotALabelFileIsRefused() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = LabelStore.file(forRoot: "/photos", in: folder)
        try Data("[1, 2".utf8).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: LabelStore.StoreError.self) { try LabelStore.read(path) }
        #expect(error.reason == "not a SnakeID label file")
    }

    @Test func photosDeletedSinceLabelledAreListed() throws {
        let photos = folder + "/photos"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: photos, withIntermediateDirectories: true)
        for name in ["kept.jpg", "gone.jpg"] {
            try Data([0xFF, 0xD8]).write(to: URL(fileURLWithPath: photos + "/" + name))
        }
        var set = LabelSet(root: photos)
        set.define(mamba)
        set.tag([photos + "/kept.jpg", photos + "/gone.jpg"], as: "black mamba")
        try FileManager.default.removeItem(atPath: photos + "/gone.jpg")
        #expect(set.missingPhotos() == [photos + "/gone.jpg"])
        // Saving never touches the photos.
        try LabelStore.save(set, in: folder + "/labels")
        #expect(try Data(contentsOf: URL(fileURLWithPath: photos + "/kept.jpg")) == Data([0xFF, 0xD8]))
    }
}
