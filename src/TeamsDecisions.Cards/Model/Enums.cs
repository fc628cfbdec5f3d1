namespace TeamsDecisions.Cards.Model;

public enum TextColor { Default, Dark, Light, Accent, Good, Warning, Attention }

public enum TextSize { Default, Small, Medium, Large, ExtraLarge }

public enum TextWeight { Default, Lighter, Bolder }

public enum FontType { Default, Monospace }

public enum TextBlockStyle { Default, Heading }

public enum Spacing { Default, None, Small, Medium, Large, ExtraLarge, Padding }

public enum ContainerStyle { Default, Emphasis, Good, Attention, Warning, Accent }

public enum HorizontalAlignment { Left, Center, Right }

public enum ActionStyle { Default, Positive, Destructive }

public enum ActionMode { Primary, Secondary }

/// <summary>Filtered (type to search) is Adaptive Cards 1.5; Teams supports it for static choices.</summary>
public enum ChoiceInputStyle { Compact, Expanded, Filtered }

public enum AssociatedInputs { Auto, None }
