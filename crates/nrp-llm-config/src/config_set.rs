//! A set of objects indexed by identity: the unit that is validated, planned and rendered.

use crate::ObjectRef;
use crate::diagnostic::{Code, Diagnostic, SourceLocation};
use crate::document::{self, KnownFiles, Limits, Object};
pub use crate::layout::{WriteError, WriteReport};
use crate::object_ref::RefKey;
use hashbrown::HashTable;
use std::path::Path;

/// Objects indexed by [`ObjectRef`] (group, kind, namespace, name), in load order.
///
/// ```
/// use nrp_llm_config::{ConfigSet, document::{parse_str, Limits}};
/// let objs = parse_str("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: x}\n", "a.yaml", &Limits::default()).unwrap();
/// let set = ConfigSet::from_objects(objs);
/// assert_eq!(set.len(), 1);
/// assert!(set.problems().is_empty());
/// ```
#[derive(Clone, Debug, Default)]
pub struct ConfigSet {
    objects: Vec<Object>,
    index: Index,
    problems: Vec<Diagnostic>,
    /// The files the set was read from, for reading another state against it.
    known: KnownFiles,
}

/// Where the named objects of a set are, by identity: positions in the set's objects, hashed by
/// the identity each object carries ([`RefKey::hash`], taken when the object was built), so the
/// index holds no copy of the names and building it reads no tree.
#[derive(Clone, Debug, Default)]
struct Index {
    positions: HashTable<usize>,
}

impl Index {
    /// The position among `objects` (the set's objects) of the object identified by `key`,
    /// whose hash is `hash`.
    fn find(&self, objects: &[Object], key: RefKey<'_>, hash: u64) -> Option<usize> {
        self.positions
            .find(hash, |&i| {
                objects[i].identity_hash() == Some(hash)
                    && RefKey::of(objects[i].value()) == Some(key)
            })
            .copied()
    }

    /// Records that an object whose identity hashes to `hash` is at `at` among `objects`; its
    /// identity must not be indexed yet.
    fn insert(&mut self, objects: &[Object], hash: u64, at: usize) {
        self.positions.insert_unique(hash, at, |&i| {
            objects[i].identity_hash().unwrap_or_default()
        });
    }

    /// Makes room for `more` objects.
    fn reserve(&mut self, objects: &[Object], more: usize) {
        self.positions
            .reserve(more, |&i| objects[i].identity_hash().unwrap_or_default());
    }

    fn is_empty(&self) -> bool {
        self.positions.is_empty()
    }
}

/// The problem recorded for an object without `metadata.name`.
pub(crate) fn missing_name(object: &Object) -> Diagnostic {
    object.locate_diagnostic(
        Diagnostic::error(Code::MISSING_NAME, "metadata.name: Required value")
            .with_path("metadata.name".parse().unwrap_or_default())
            .with_hint("every object needs `metadata: {name: ...}`"),
    )
}

/// The problem recorded for a second definition of `r` found at `here` (the object's own
/// location); `first` is where the first definition is.
pub(crate) fn duplicate(r: ObjectRef, here: SourceLocation, first: &SourceLocation) -> Diagnostic {
    let mut d = Diagnostic::error(Code::DUPLICATE_OBJECT, format!("{r} is defined twice"))
        .with_object(r)
        .with_hint(format!(
            "the first definition is at {}:{}; remove one of them",
            first.file.as_deref().unwrap_or_default(),
            first.line.unwrap_or(0)
        ));
    d.location = here;
    d
}

impl ConfigSet {
    /// Writes the set into the folder `out` in the models-config layout, atomically file by file
    /// ([`crate::write_atomic`]). Files whose content is already right are not touched; files of
    /// `out` that held only objects the set no longer has are removed. Objects keep the file they are
    /// in, in `out` or else in `current_dir` (the folder `current` was read from), so a render
    /// against the current state changes as few files as possible.
    ///
    /// ```
    /// use nrp_llm_config::{ConfigSet, Object};
    /// let dir = std::env::temp_dir().join(format!("nrp-layout-doc-{}", std::process::id()));
    /// let set = ConfigSet::from_objects([Object::new(serde_json::json!({
    ///     "apiVersion": "gateway.envoyproxy.io/v1alpha1", "kind": "Backend",
    ///     "metadata": {"name": "b", "namespace": "nrp-llm"}}))]);
    /// let report = set.write_folder(&dir, None, None).unwrap();
    /// assert_eq!(report.written, [std::path::PathBuf::from("backend/backends.yaml")]);
    /// let again = set.write_folder(&dir, None, None).unwrap();
    /// assert!(again.written.is_empty());
    /// assert_eq!(again.unchanged.len(), 1);
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// ```
    pub fn write_folder(
        &self,
        out: &Path,
        current: Option<&ConfigSet>,
        current_dir: Option<&Path>,
    ) -> Result<WriteReport, WriteError> {
        crate::layout::write_folder(self, out, current, current_dir)
    }

    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Builds a set. Objects without a name, and second definitions of the same object, are
    /// reported in [`ConfigSet::problems`] (the first definition wins).
    pub fn from_objects(objects: impl IntoIterator<Item = Object>) -> Self {
        let mut set = Self::default();
        let objects = objects.into_iter();
        let more = objects.size_hint().0;
        set.objects.reserve(more);
        set.index.reserve(&set.objects, more);
        for o in objects {
            set.insert(o);
        }
        set
    }

    /// Loads files and folders. Unreadable files become problems; the rest is still loaded.
    pub fn load<P: AsRef<Path>>(paths: &[P], limits: &Limits) -> Self {
        Self::from_loaded(document::load_paths(paths, limits))
    }

    /// Builds a set from what a loader read: the files that could not be read come first in
    /// [`ConfigSet::problems`], then the problems of indexing the objects.
    pub fn from_loaded(loaded: document::Loaded) -> Self {
        let mut set = Self::from_objects(loaded.objects);
        let mut problems = loaded.errors;
        problems.append(&mut set.problems);
        set.problems = problems;
        set
    }

    /// Adds an object. Returns `false` (and records a problem) when it has no name or its
    /// identity is already present.
    pub fn insert(&mut self, object: Object) -> bool {
        let (Some(hash), Some(key)) = (object.identity_hash(), RefKey::of(object.value())) else {
            self.problems.push(missing_name(&object));
            // Keep it anyway so nothing is lost when writing back.
            self.objects.push(object);
            return false;
        };
        if let Some(first) = self.index.find(&self.objects, key, hash) {
            let first_loc = self.objects[first].source_location(&Default::default());
            let here = object.source_location(&Default::default());
            self.problems
                .push(duplicate(key.to_owned(), here, &first_loc));
            return false;
        }
        self.index.insert(&self.objects, hash, self.objects.len());
        self.objects.push(object);
        true
    }

    /// Problems found while loading and indexing.
    pub fn problems(&self) -> &[Diagnostic] {
        &self.problems
    }

    /// Number of objects.
    pub fn len(&self) -> usize {
        self.objects.len()
    }

    /// True when the set holds no object.
    pub fn is_empty(&self) -> bool {
        self.objects.is_empty()
    }

    /// All objects, in load order.
    pub fn objects(&self) -> &[Object] {
        &self.objects
    }

    /// Consumes the set, returning its objects.
    pub fn into_objects(self) -> Vec<Object> {
        self.objects
    }

    /// Makes every object of `objects` that is identical to the object of the same identity in
    /// this set hold that object's tree instead of its own copy (see `Object::share_tree`):
    /// less memory for a second state that is mostly the same as this one, and nothing else
    /// changes.
    pub(crate) fn share_trees(&self, objects: &mut [Object]) {
        if self.index.is_empty() {
            return;
        }
        for o in objects {
            if let (Some(hash), Some(key)) = (o.identity_hash(), RefKey::of(o.value()))
                && let Some(at) = self.index.find(&self.objects, key, hash)
            {
                o.share_tree(&self.objects[at]);
            }
        }
    }

    /// The files this set was read from without error (by [`crate::Source`]), by content: a
    /// state read against this one takes the objects of an identical file from here instead of
    /// parsing it again.
    pub(crate) fn known_files(&self) -> &KnownFiles {
        &self.known
    }

    /// This set, remembering the files it was read from.
    pub(crate) fn with_known_files(mut self, known: KnownFiles) -> Self {
        self.known = known;
        self
    }

    /// Looks an object up by identity.
    pub fn get(&self, r: &ObjectRef) -> Option<&Object> {
        let key = r.key();
        self.index
            .find(&self.objects, key, key.hash())
            .map(|i| &self.objects[i])
    }

    /// Objects of one group and kind.
    pub fn of_kind<'a>(
        &'a self,
        group: &'a str,
        kind: &'a str,
    ) -> impl Iterator<Item = &'a Object> + 'a {
        self.objects.iter().filter(move |o| {
            o.kind() == kind && crate::object_ref::group_of(o.api_version()) == group
        })
    }
}
