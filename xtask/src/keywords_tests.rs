use super::{Language, declared_keywords};

fn swift(source: &str) -> Vec<String> {
    declared_keywords(source, Language::Swift).into_iter().map(|(_, name)| name).collect()
}

fn kotlin(source: &str) -> Vec<String> {
    declared_keywords(source, Language::Kotlin).into_iter().map(|(_, name)| name).collect()
}

/// The declaration that stopped the iOS build, as the type generator wrote it.
#[test]
fn the_import_case_is_caught() {
    let generated = "indirect public enum PhotoOperation: Hashable, Equatable {\n\
        \x20   case probe(source: String)\n\
        \x20   case import(photoImport: PhotoImport)\n\
        \x20   case delete(id: Int64)\n\
        }\n";
    assert_eq!(declared_keywords(generated, Language::Swift), vec![(3, "import".to_owned())]);
    assert!(swift(&generated.replace("case import", "case `import`")).is_empty());
}

#[test]
fn uses_of_a_case_in_a_switch_are_not_declarations() {
    let switch = "        switch self {\n        case .import(let photoImport):\n\
        \x20           return .import(photoImport: photoImport)\n        default:\n        }\n";
    assert!(swift(switch).is_empty(), "{:?}", swift(switch));
}

#[test]
fn swift_labels_parameters_properties_and_types_are_covered() {
    assert_eq!(swift("    case enroll(protocol: String, code: String)"), vec!["protocol"]);
    assert_eq!(swift("    case a, default, b"), vec!["default"]);
    assert_eq!(swift("    public var import: PhotoImport"), vec!["import"]);
    assert_eq!(swift("    public init(id: Int64, default: Bool) {"), vec!["default"]);
    assert_eq!(
        swift("    public func open(in dir: String, case extension: Int) {"),
        vec!["in", "case", "extension"]
    );
    assert_eq!(swift("public struct import: Hashable {"), vec!["import"]);
    assert!(
        swift("    public init(id: Int64, isDefault: Bool, _ value: [String: Int]) {").is_empty()
    );
    assert!(swift("    /// case import(photoImport:) was a keyword").is_empty());
    assert!(swift("    let x = f(a: 1) // func g(import: Int)").is_empty());
}

#[test]
fn kotlin_properties_parameters_and_types_are_covered() {
    assert_eq!(kotlin("data class Enroll(val object: String, val code: String)"), vec!["object"]);
    assert_eq!(kotlin("    fun update(event: ByteArray, in: Int): ByteArray"), vec!["in"]);
    assert_eq!(kotlin("    var when: Long = 0"), vec!["when"]);
    // Soft keywords are valid Kotlin names; escaped hard ones too.
    assert!(kotlin("data class Import(val import: PhotoImport, val value: Int)").is_empty());
    assert!(kotlin("    fun f(`in`: Int, `object`: String) {").is_empty());
    // uniffi's constructors: an annotation's class literal before the parameter list.
    let annotated = "    @Throws(CoreFailure::class) fun `withSecretStore`(`dataDir`: kotlin.String, in: Int): CoreFfi {";
    assert_eq!(kotlin(annotated), vec!["in"]);
}
