extension InterfaceCatalog {
    /// Words shared by every part of the interface.
    static let general: [String: String] = [
        "chapter %@": "第 %@ 章",
        "There is no Traditional Chinese (%@) translation yet: the tour speaks English. --lang zh-Hans chooses Simplified Chinese.":
            "暂无繁体中文（%@）译本：教程使用英文。--lang zh-Hans 选择简体中文。",
    ]
}
