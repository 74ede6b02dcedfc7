extension InterfaceCatalog {
    /// Words shared by every part of the interface.
    static let general: [String: String] = [
        "chapter %@": "第 %@ 章",
    ]
}
